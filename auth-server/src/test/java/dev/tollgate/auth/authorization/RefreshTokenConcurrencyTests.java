package dev.tollgate.auth.authorization;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.tollgate.auth.support.AuditEvents;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.RefreshTokenClient;
import dev.tollgate.auth.support.RefreshTokenClient.Grant;
import dev.tollgate.auth.support.TestAuthServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;

import static dev.tollgate.auth.authorization.RefreshTokenReuseTests.INVALID_GRANT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parallel refresh requests with one refresh token, sent at the same instant, many times
 * over: exactly one rotates it, the others get {@code invalid_grant}; no request is lost,
 * none waits forever, none fails with a 500.
 */
class RefreshTokenConcurrencyTests {

	private static final int PARALLEL_REQUESTS = 24;

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	private static final String REUSE_DETECTED = "refresh_token.reuse_detected";

	private static TestAuthServer server;

	private static ExecutorService threads;

	@BeforeAll
	static void startServer() {
		server = TestAuthServer.shared();
		threads = Executors.newFixedThreadPool(PARALLEL_REQUESTS);
	}

	@AfterAll
	static void stopThreads() {
		threads.shutdownNow();
	}

	@RepeatedTest(20)
	void refreshWhenParallelRequestsWithOneTokenThenExactlyOneSucceedsAndTheRestAreInvalidGrant() throws Exception {
		RefreshTokenClient client = RefreshTokenClient.builder().register(server);
		Grant grant = client.grant("alice");

		List<Response> responses = refreshInParallel(client, grant.refreshToken());

		assertThat(successes(responses)).hasSize(1);
		assertThat(failures(responses)).hasSize(PARALLEL_REQUESTS - 1)
			.allSatisfy((response) -> assertThat(response.body()).isEqualTo(INVALID_GRANT));
	}

	/**
	 * The losers presented a token the winner had rotated out by the time they got the
	 * row: that is a reuse, so the grant ends revoked, and the first loser records it.
	 */
	@RepeatedTest(5)
	void refreshWhenParallelRequestsWithOneTokenThenTheGrantIsRevokedAndAuditedOnce() throws Exception {
		RefreshTokenClient client = RefreshTokenClient.builder().register(server);
		Grant grant = client.grant("alice");

		List<Response> responses = refreshInParallel(client, grant.refreshToken());

		String winnersRefreshToken = successes(responses).get(0).field("refresh_token");
		assertThat(client.refresh(winnersRefreshToken).body()).isEqualTo(INVALID_GRANT);
		assertThat(AuditEvents.ofAuthorization(server, grant.authorizationId(), REUSE_DETECTED)).hasSize(1);
	}

	/** Inside an overlap, the previous token is accepted once more: two successes. */
	@RepeatedTest(5)
	void refreshWhenParallelRequestsInsideAnOverlapThenExactlyTwoSucceed() throws Exception {
		RefreshTokenClient client = RefreshTokenClient.builder().reuseOverlap(Duration.ofSeconds(30)).register(server);
		Grant grant = client.grant("alice");

		List<Response> responses = refreshInParallel(client, grant.refreshToken());

		assertThat(successes(responses)).hasSize(2);
		assertThat(failures(responses)).hasSize(PARALLEL_REQUESTS - 2)
			.allSatisfy((response) -> assertThat(response.body()).isEqualTo(INVALID_GRANT));
	}

	/** Sends the requests together once every thread is ready, and waits for all. */
	private static List<Response> refreshInParallel(RefreshTokenClient client, String refreshToken)
			throws InterruptedException, ExecutionException, TimeoutException {
		CountDownLatch ready = new CountDownLatch(PARALLEL_REQUESTS);
		CountDownLatch go = new CountDownLatch(1);
		List<Future<Response>> futures = new ArrayList<>();
		for (int i = 0; i < PARALLEL_REQUESTS; i++) {
			futures.add(threads.submit(() -> {
				ready.countDown();
				go.await();
				return client.refresh(refreshToken);
			}));
		}
		ready.await();
		go.countDown();

		long deadline = System.nanoTime() + DEADLINE.toNanos();
		List<Response> responses = new ArrayList<>();
		for (Future<Response> future : futures) {
			responses.add(future.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS));
		}
		return responses;
	}

	private static List<Response> successes(List<Response> responses) {
		return responses.stream().filter((response) -> response.status() == 200).toList();
	}

	private static List<Response> failures(List<Response> responses) {
		return responses.stream().filter((response) -> response.status() != 200).toList();
	}

}
