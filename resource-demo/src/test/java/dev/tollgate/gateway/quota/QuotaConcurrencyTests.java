package dev.tollgate.gateway.quota;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tollgate.gateway.support.Chat;
import dev.tollgate.gateway.support.Http;
import dev.tollgate.gateway.support.Policy;
import dev.tollgate.gateway.support.StubIssuer;
import dev.tollgate.gateway.support.TestGateway;
import dev.tollgate.gateway.support.Windows;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One budget shared by two gateway replicas on one PostgreSQL, under 32 concurrent
 * callers: the tokens admitted in the window never exceed its limit, the callers get all
 * of it, none refused while enough was left, and what answers leave unused comes back. A
 * replica busy with a client serves most calls from a lease of its window
 * ({@link QuotaLeases}), and what the lease holds comes back when it goes idle.
 */
class QuotaConcurrencyTests {

	private static final int CALLERS = 32;

	/** 400 calls of 15 tokens fit (6000); the 7 left are less than one more call. */
	private static final long LIMIT = 6007;

	/** Room for every call of the lease tests. */
	private static final long ROOMY_LIMIT = 1_000_000;

	private static final int LEASE_CALLERS = 16;

	private static final int LEASE_CALLS = 40;

	private static TestGateway first;

	private static TestGateway second;

	private final StubIssuer issuer = StubIssuer.shared();

	@BeforeAll
	static void startSecondReplica() {
		first = TestGateway.shared();
		second = TestGateway.start(first.database(), StubIssuer.shared().url(), Map.of());
	}

	@AfterAll
	static void stopSecondReplica() {
		second.close();
	}

	@BeforeEach
	void startEarlyInMinute() {
		// The window is a UTC minute: a run that starts early in one ends in it too.
		Windows.awaitSecondsLeftInMinute(25);
	}

	@Test
	void callersWhenTwoReplicasShareOneDatabaseThenWindowNeverExceededAndFullyUsed() throws Exception {
		// given a client whose calls each reserve 11 + 4 tokens and use exactly that
		String clientId = newClientId();
		String token = token(clientId);
		long minute = Instant.now().getEpochSecond() / 60;

		// when 32 callers call, alternating replicas, each until it is refused
		Instant start = Instant.now();
		List<CallerResult> results = callConcurrently(token, Chat.request("echo-small", "Hello, world!", 4L));
		Duration elapsed = Duration.between(start, Instant.now());

		// then everything the window held was admitted, and never more
		assertThat(Instant.now().getEpochSecond() / 60).as("the run stayed in one minute").isEqualTo(minute);
		assertThat(results).allSatisfy((result) -> assertThat(result.unexpected()).isEmpty());
		long admitted = admittedTokens(results);
		assertThat(admitted).isLessThanOrEqualTo(LIMIT).isGreaterThan(LIMIT - 15).isEqualTo(6000);
		assertThat(ledgerTokensOnceWritten(clientId, admitted)).isEqualTo(admitted);
		// and no caller was refused while a call still fitted
		assertThat(results).allSatisfy((result) -> assertThat(result.remainingWhenRefused()).isLessThan(15));
		assertThat(results.stream().mapToLong(CallerResult::admittedByFirst).sum()).isPositive();
		assertThat(results.stream().mapToLong(CallerResult::admittedBySecond).sum()).isPositive();
		long calls = results.stream().mapToLong((result) -> result.calls()).sum();
		System.out.printf("%d calls (%d admitted) through 2 replicas in %d ms: %.0f calls/s%n", calls, admitted / 15,
				elapsed.toMillis(), calls * 1000.0 / elapsed.toMillis());
	}

	@Test
	void callersWhenAnswersUseLessThanReservedThenEveryUnusedTokenGivenBack() throws Exception {
		// given a client whose calls each reserve 11 + 50 tokens and use 11 + 4
		String clientId = newClientId();
		String token = token(clientId);

		// when 32 callers call, alternating replicas, each until it is refused
		List<CallerResult> results = callConcurrently(token, Chat.request("echo-small", "Hello, world!", 50L));

		// then the window holds exactly what the answers did not use, once the other
		// replica's give-backs, written behind its answers, are in
		assertThat(results).allSatisfy((result) -> assertThat(result.unexpected()).isEmpty());
		long admitted = admittedTokens(results);
		long remaining = remainingOnceGivenBack(token, LIMIT - admitted);
		assertThat(admitted).isLessThanOrEqualTo(LIMIT);
		assertThat(admitted + remaining).isEqualTo(LIMIT);
		assertThat(ledgerTokensOnceWritten(clientId, admitted)).isEqualTo(admitted);
		// and a refusal only ever came when less than a reservation was left
		assertThat(results).allSatisfy((result) -> assertThat(result.remainingWhenRefused()).isLessThan(61));
	}

	@Test
	void callsWhenManyAtOnceOnOneReplicaThenMostNeedNoQuotaStoreRoundTrip() throws Exception {
		// given a client with room for every call
		String token = roomyToken(newClientId());
		double acquiredBefore = connectionsAcquired(second);

		// when 16 callers call one replica at once
		long used = callOneReplica(second.http(), token);

		// then the calls took far fewer database connections than there were calls:
		// they were served from the replica's lease of the window (QuotaLeases)
		double acquired = connectionsAcquired(second) - acquiredBefore;
		assertThat(used).isPositive();
		assertThat(acquired).isLessThan(LEASE_CALLERS * LEASE_CALLS / 4.0);
		System.out.printf("%d calls took %.0f database connections%n", LEASE_CALLERS * LEASE_CALLS, acquired);
	}

	@Test
	void leaseWhenReplicaGoesIdleThenWhatItHoldsComesBackForOtherReplicas() throws Exception {
		// given a client whose calls each reserve 11 + 50 tokens and use 11 + 4
		String token = roomyToken(newClientId());

		// when 16 callers call the second replica at once, then stop
		long used = callOneReplica(second.http(), token);

		// then the first replica sees the window less exactly what the calls used, once
		// the second replica's lease has gone back
		long remaining = once(() -> remaining(first, token), ROOMY_LIMIT - used);
		assertThat(remaining).isEqualTo(ROOMY_LIMIT - used);
	}

	@Test
	void firstCallsWhenManyAtOnceOnANewBucketThenEveryOneIsAnswered() throws Exception {
		// given a client no call has been made for, without a request limit, so that its
		// first calls meet its token bucket together
		Policy policy = Policy.basic().tokensPerMinute(ROOMY_LIMIT).requestsPerMinute(null);
		String token = this.issuer.token(newClientId()).policy(policy).sign();
		String request = Chat.request("echo-small", "Hello, world!", 4L);

		// when 16 callers make their first call at the same moment
		CyclicBarrier start = new CyclicBarrier(LEASE_CALLERS);
		ExecutorService pool = Executors.newFixedThreadPool(LEASE_CALLERS);
		try {
			List<Future<Http.Response>> answers = new ArrayList<>();
			for (int i = 0; i < LEASE_CALLERS; i++) {
				answers.add(pool.submit(() -> {
					start.await();
					return first.http().post("/v1/chat/completions", token, request);
				}));
			}

			// then each is answered, none with 503: a batch of Bucket4j that meets a
			// bucket not created yet fails as a whole (the auth server's RateLimiter had
			// to work around it); the gateway's batched token bucket must not
			for (Future<Http.Response> answer : answers) {
				Http.Response response = answer.get(60, TimeUnit.SECONDS);
				assertThat(response.status()).as(response.body()).isEqualTo(200);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	private String token(String clientId) {
		Policy policy = Policy.basic().tokensPerMinute(LIMIT).requestsPerMinute(100_000L);
		return this.issuer.token(clientId).policy(policy).sign();
	}

	private String roomyToken(String clientId) {
		Policy policy = Policy.basic().tokensPerMinute(ROOMY_LIMIT).requestsPerMinute(100_000L);
		return this.issuer.token(clientId).policy(policy).sign();
	}

	/** 16 callers call one replica 40 times each; the tokens that every call used. */
	private static long callOneReplica(Http http, String token) throws Exception {
		String request = Chat.request("echo-small", "Hello, world!", 50L);
		ExecutorService pool = Executors.newFixedThreadPool(LEASE_CALLERS);
		try {
			List<Future<Long>> futures = new ArrayList<>();
			for (int i = 0; i < LEASE_CALLERS; i++) {
				futures.add(pool.submit(() -> {
					long used = 0;
					for (int call = 0; call < LEASE_CALLS; call++) {
						Http.Response response = http.post("/v1/chat/completions", token, request);
						assertThat(response.status()).as(response.body()).isEqualTo(200);
						used += response.json().get("usage").get("total_tokens").asLong();
					}
					return used;
				}));
			}
			long used = 0;
			for (Future<Long> future : futures) {
				used += future.get(60, TimeUnit.SECONDS);
			}
			return used;
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static long remaining(TestGateway gateway, String token) {
		return gateway.http().get("/v1/usage", token).json().get("windows").get(0).get("remaining").asLong();
	}

	/** Connections the gateway's pool handed out so far, from its Hikari metrics. */
	private static double connectionsAcquired(TestGateway gateway) {
		String text = gateway.http().get("/actuator/prometheus", null).body();
		Matcher matcher = Pattern
			.compile("^hikaricp_connections_acquire_seconds_count\\{[^}]*\\} (\\S+)$", Pattern.MULTILINE)
			.matcher(text);
		double acquired = 0;
		while (matcher.find()) {
			acquired += Double.parseDouble(matcher.group(1));
		}
		return acquired;
	}

	private static List<CallerResult> callConcurrently(String token, String request) throws Exception {
		List<Http> replicas = List.of(first.http(), second.http());
		ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
		try {
			List<Future<CallerResult>> futures = new ArrayList<>();
			for (int i = 0; i < CALLERS; i++) {
				int caller = i;
				futures.add(pool.submit(() -> callUntilRefused(replicas, caller, token, request)));
			}
			List<CallerResult> results = new ArrayList<>();
			for (Future<CallerResult> future : futures) {
				results.add(future.get(60, TimeUnit.SECONDS));
			}
			return results;
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static CallerResult callUntilRefused(List<Http> replicas, int caller, String token, String request) {
		long[] admitted = new long[2];
		long tokens = 0;
		List<String> unexpected = new ArrayList<>();
		for (int call = 0; call < 1000; call++) {
			int replica = (caller + call) % 2;
			Http.Response response = replicas.get(replica).post("/v1/chat/completions", token, request);
			if (response.status() == 429) {
				return new CallerResult(tokens, admitted[0], admitted[1],
						response.longHeader("x-ratelimit-remaining-tokens"), unexpected);
			}
			if (response.status() != 200) {
				unexpected.add(response.status() + " " + response.body());
				break;
			}
			tokens += response.json().get("usage").get("total_tokens").asLong();
			admitted[replica]++;
		}
		return new CallerResult(tokens, admitted[0], admitted[1], Long.MAX_VALUE, unexpected);
	}

	private static long admittedTokens(List<CallerResult> results) {
		return results.stream().mapToLong(CallerResult::admittedTokens).sum();
	}

	/** What /v1/usage says is left, once it is what was expected or after 5 s. */
	private static long remainingOnceGivenBack(String token, long expected) throws Exception {
		return once(() -> remaining(first, token), expected);
	}

	/**
	 * The ledger is written behind the answers: what it holds once written, or after 5 s.
	 */
	private static long ledgerTokensOnceWritten(String clientId, long expected) throws Exception {
		return once(() -> ledgerTokens(clientId), expected);
	}

	private static long once(Callable<Long> read, long expected) throws Exception {
		long deadline = System.nanoTime() + 5_000_000_000L;
		long value = read.call();
		while (value != expected && System.nanoTime() < deadline) {
			Thread.sleep(20);
			value = read.call();
		}
		return value;
	}

	private static long ledgerTokens(String clientId) throws Exception {
		try (Connection connection = first.database().connect();
				PreparedStatement statement = connection.prepareStatement("select coalesce(sum(prompt_tokens +"
						+ " completion_tokens), 0) from usage_ledger where client_id = ?")) {
			statement.setString(1, clientId);
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

	private static String newClientId() {
		return "client-" + UUID.randomUUID();
	}

	private record CallerResult(long admittedTokens, long admittedByFirst, long admittedBySecond,
			long remainingWhenRefused, List<String> unexpected) {

		long calls() {
			return this.admittedByFirst + this.admittedBySecond + 1;
		}

	}

}
