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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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
 * callers: the tokens admitted in the window never exceed its limit, and the callers get
 * all of it, none refused while enough was left.
 */
class QuotaConcurrencyTests {

	private static final int CALLERS = 32;

	/** Each call reserves 11 prompt + 4 completion tokens and uses exactly that. */
	private static final long COST = 15;

	/** 400 calls fit (6000 tokens); the 7 left are less than one more call. */
	private static final long LIMIT = 6007;

	@Test
	void callersWhenTwoGatewaysShareOneDatabaseThenWindowNeverExceededAndFullyUsed() throws Exception {
		// given two gateways on one database, and a client whose calls each cost 15
		// tokens
		TestGateway first = TestGateway.shared();
		StubIssuer issuer = StubIssuer.shared();
		try (TestGateway second = TestGateway.start(first.database(), issuer.url(), Map.of())) {
			String clientId = "client-" + UUID.randomUUID();
			Policy policy = Policy.basic().tokensPerMinute(LIMIT).requestsPerMinute(100_000L);
			String token = issuer.token(clientId).policy(policy).sign();
			List<Http> replicas = List.of(first.http(), second.http());
			// The window is a UTC minute: start early in one so that the run ends in it
			// too.
			Windows.awaitSecondsLeftInMinute(25);
			long minute = Instant.now().getEpochSecond() / 60;

			// when 32 callers call, alternating replicas, each until it is refused
			Instant start = Instant.now();
			List<CallerResult> results = callConcurrently(replicas, token);
			Duration elapsed = Duration.between(start, Instant.now());

			// then everything the window held was admitted, and never more
			assertThat(Instant.now().getEpochSecond() / 60).as("the run stayed in one minute").isEqualTo(minute);
			assertThat(results).allSatisfy((result) -> assertThat(result.unexpected()).isEmpty());
			long admittedTokens = results.stream().mapToLong(CallerResult::admittedTokens).sum();
			assertThat(admittedTokens).isLessThanOrEqualTo(LIMIT).isGreaterThan(LIMIT - COST).isEqualTo(6000);
			assertThat(ledgerTokens(first, clientId)).isEqualTo(admittedTokens);
			// and no caller was refused while a call still fitted
			assertThat(results).allSatisfy((result) -> assertThat(result.remainingWhenRefused()).isLessThan(COST));
			assertThat(results.stream().mapToLong(CallerResult::admittedByFirst).sum()).isPositive();
			assertThat(results.stream().mapToLong(CallerResult::admittedBySecond).sum()).isPositive();
			long calls = results.stream()
				.mapToLong((result) -> result.admittedByFirst() + result.admittedBySecond() + 1)
				.sum();
			System.out.printf("%d calls (%d admitted) through 2 replicas in %d ms: %.0f calls/s%n", calls,
					admittedTokens / COST, elapsed.toMillis(), calls * 1000.0 / elapsed.toMillis());
		}
	}

	private static List<CallerResult> callConcurrently(List<Http> replicas, String token) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
		try {
			List<Future<CallerResult>> futures = new ArrayList<>();
			for (int i = 0; i < CALLERS; i++) {
				int caller = i;
				futures.add(pool.submit(() -> callUntilRefused(replicas, caller, token)));
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

	private static CallerResult callUntilRefused(List<Http> replicas, int caller, String token) {
		String request = Chat.request("echo-small", "Hello, world!", 4L);
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

	private static long ledgerTokens(TestGateway gateway, String clientId) throws Exception {
		try (Connection connection = gateway.database().connect();
				PreparedStatement statement = connection.prepareStatement("select coalesce(sum(prompt_tokens +"
						+ " completion_tokens), 0) from usage_ledger where client_id = ?")) {
			statement.setString(1, clientId);
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

	private record CallerResult(long admittedTokens, long admittedByFirst, long admittedBySecond,
			long remainingWhenRefused, List<String> unexpected) {

	}

}
