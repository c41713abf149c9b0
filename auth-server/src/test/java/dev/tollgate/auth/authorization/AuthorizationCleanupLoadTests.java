package dev.tollgate.auth.authorization;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import dev.tollgate.auth.client.ClientSecretGenerator;
import dev.tollgate.auth.client.ClientSecretGenerator.NewClientSecret;
import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.LogCapture;
import dev.tollgate.auth.support.Rows;
import dev.tollgate.auth.support.TestAuthServer;
import dev.tollgate.auth.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

import static dev.tollgate.auth.support.Http.basic;
import static dev.tollgate.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cleanup job under a steady load of short-lived tokens, on two instances that share
 * one database and each clean it every second in batches of ten: the table stops growing
 * at about what one token lifetime and one interval hold, and empties once the load ends.
 * Every client_credentials token is an authorization row of its own, so without the job
 * the table would grow by every token issued.
 */
class AuthorizationCleanupLoadTests {

	private static final Duration LOAD = Duration.ofSeconds(12);

	private static final int CLIENTS = 4;

	private static final Duration PAUSE = Duration.ofMillis(100);

	private static final String CLIENT_ID = "short-lived-service";

	private static final Map<String, Object> CLEANUP_EVERY_SECOND = Map.of("tollgate.tokens.cleanup-interval", "PT1S",
			"tollgate.tokens.cleanup-batch-size", 10);

	private static TestAuthServer first;

	private static TestAuthServer second;

	private static String credentials;

	@BeforeAll
	static void startTwoInstancesOnOneDatabase() {
		TestDatabase.Database database = TestDatabase.newDatabase();
		String encryptionKey = TestAuthServer.newEncryptionKey();
		first = TestAuthServer.start(database, encryptionKey, CLEANUP_EVERY_SECOND);
		second = TestAuthServer.start(database, encryptionKey, CLEANUP_EVERY_SECOND);
		NewClientSecret secret = first.bean(ClientSecretGenerator.class).generate();
		first.bean(RegisteredClientRepository.class)
			.save(RegisteredClient.withId(UUID.randomUUID().toString())
				.clientId(CLIENT_ID)
				.clientName("Service with one-second tokens")
				.clientSecret(secret.hash())
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
				.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
				.scope("llm.chat")
				.tokenSettings(TokenSettings.builder().accessTokenTimeToLive(Duration.ofSeconds(1)).build())
				.build());
		credentials = basic(CLIENT_ID, secret.value());
	}

	@AfterAll
	static void stopInstances() {
		second.close();
		first.close();
	}

	@Test
	void cleanupWhenSteadyLoadOfShortLivedTokensOnTwoInstancesThenTheTableStopsGrowing() throws Exception {
		List<Integer> samples = new ArrayList<>();
		ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
		List<String> problems;
		try (LogCapture log = LogCapture.start()) {
			ExecutorService load = Executors.newFixedThreadPool(CLIENTS);
			long end = System.nanoTime() + LOAD.toNanos();
			List<Future<?>> clients = new ArrayList<>();
			for (int i = 0; i < CLIENTS; i++) {
				Http http = new Http(((i % 2) == 0 ? first : second).baseUrl());
				clients.add(load.submit(() -> requestTokensUntil(http, end, statuses)));
			}
			while (System.nanoTime() < end) {
				samples.add(rowsOfTheClient());
				Thread.sleep(500);
			}
			for (Future<?> client : clients) {
				client.get(30, TimeUnit.SECONDS);
			}
			load.shutdown();
			problems = log.events()
				.stream()
				.filter((event) -> event.getLevel().isGreaterOrEqual(Level.WARN))
				.map((event) -> event.getLoggerName() + ": " + event.getFormattedMessage())
				.toList();
		}

		assertThat(statuses).isNotEmpty().containsOnly(200);
		int firstHalfPeak = samples.subList(0, samples.size() / 2).stream().max(Integer::compare).orElseThrow();
		int secondHalfPeak = samples.subList(samples.size() / 2, samples.size())
			.stream()
			.max(Integer::compare)
			.orElseThrow();
		assertThat(secondHalfPeak).as("samples %s", samples).isLessThanOrEqualTo(firstHalfPeak * 3 / 2);
		assertThat(samples.get(samples.size() - 1)).as("samples %s", samples).isLessThan(statuses.size() / 3);
		assertThat(problems).isEmpty();
		assertThat(rowsOnceDrained(Duration.ofSeconds(6))).isZero();
	}

	private static Void requestTokensUntil(Http http, long end, ConcurrentLinkedQueue<Integer> statuses)
			throws InterruptedException {
		while (System.nanoTime() < end) {
			statuses
				.add(http.postForm("/oauth2/token", credentials, form("grant_type", "client_credentials")).status());
			Thread.sleep(PAUSE.toMillis());
		}
		return null;
	}

	private static int rowsOnceDrained(Duration patience) throws InterruptedException {
		long deadline = System.nanoTime() + patience.toNanos();
		int rows = rowsOfTheClient();
		while (rows > 0 && System.nanoTime() < deadline) {
			Thread.sleep(250);
			rows = rowsOfTheClient();
		}
		return rows;
	}

	private static int rowsOfTheClient() {
		return Rows.count(first, "oauth2_authorization",
				"registered_client_id = (select id from registered_client where client_id = ?)", CLIENT_ID);
	}

}
