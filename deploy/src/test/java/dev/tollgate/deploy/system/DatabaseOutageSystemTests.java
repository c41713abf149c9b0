package dev.tollgate.deploy.system;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tollgate.deploy.system.Http.Response;
import dev.tollgate.deploy.system.TokenLoad.Outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 8, faults: each application's PostgreSQL stopped and started again while the
 * application runs. auth-server answers 503 {@code temporarily_unavailable} meanwhile,
 * recovers by itself and loses or doubles no authorization; the gateway keeps verifying
 * tokens with its cached keys but refuses every call that its quota store must admit
 * (fail closed), saying so, until the store is back.
 */
class DatabaseOutageSystemTests {

	private static final int LOAD_THREADS = 3;

	/** Tokens to see issued before the outage, and again after it. */
	private static final int TOKENS_PER_PHASE = 100;

	/**
	 * 503 answers to see while PostgreSQL is down; each waits for the pool's connection
	 * timeout (2 seconds).
	 */
	private static final int REFUSALS_WHILE_DOWN = 3 * LOAD_THREADS;

	/**
	 * A pooled connection that broke with the database is found out request by request;
	 * the pool and the server take a few seconds to be whole again.
	 */
	private static final Duration RECOVERS_WITHIN = Duration.ofSeconds(30);

	private static Postgres authPostgres;

	private static Postgres gatewayPostgres;

	private static Database authDatabase;

	private static JarProcess authServerProcess;

	private static JarProcess gatewayProcess;

	private static AuthServerClient authServer;

	private static GatewayClient gateway;

	@BeforeAll
	static void start() {
		authPostgres = Postgres.start("outage-auth");
		gatewayPostgres = Postgres.start("outage-gateway");
		authDatabase = authPostgres.createDatabase("auth");
		authServerProcess = Launch.authServer("outage-auth-server", authDatabase, Launch.newEncryptionKey(), Map.of());
		gatewayProcess = Launch.gateway("outage-gateway", gatewayPostgres.createDatabase("gateway"),
				authServerProcess.baseUrl(), Map.of());
		authServerProcess.awaitHealthy();
		gatewayProcess.awaitHealthy();
		authServer = new AuthServerClient(authServerProcess);
		gateway = new GatewayClient(gatewayProcess);
	}

	@AfterAll
	static void stop() {
		Cleanup.all(gatewayProcess, authServerProcess, gatewayPostgres, authPostgres);
	}

	@Test
	void tokenWhenDatabaseStopsUnderLoadThenUnavailableAndRecoversWithoutLostOrDoubledRows() throws Exception {
		OffsetDateTime runStart = databaseNow();
		List<Outcome> outcomes;
		try (TokenLoad load = TokenLoad.start(authServer.baseUrl(), LOAD_THREADS)) {
			awaitAnswers(load, 0, 200, TOKENS_PER_PHASE);

			// when PostgreSQL stops under the load
			authPostgres.stop();
			long stoppedAt = System.nanoTime();
			awaitAnswers(load, stoppedAt, 503, REFUSALS_WHILE_DOWN);

			// and starts again
			authPostgres.start();
			long restartedAt = System.nanoTime();
			await().atMost(RECOVERS_WITHIN)
				.pollInterval(Duration.ofMillis(100))
				.until(() -> load.count(restartedAt, (response) -> response.status() == 200) >= TOKENS_PER_PHASE);
			load.close();
			outcomes = load.outcomes();
		}

		// then every answer was a token or an RFC 6749 503, never a 500 or a page
		List<String> tokens = outcomes.stream()
			.map(Outcome::response)
			.filter((response) -> response.status() == 200)
			.map((response) -> response.field("access_token"))
			.toList();
		long unavailable = outcomes.stream().filter((outcome) -> outcome.response().status() == 503).count();
		for (Outcome outcome : outcomes) {
			assertTokenOrUnavailable(outcome.response());
		}
		System.out.printf("Token load: %d tokens, %d answers 503 while PostgreSQL was down%n", tokens.size(),
				unavailable);

		// and each token has its one authorization row, and there is no other
		assertThat(authorizationRows(runStart)).isEqualTo(tokens.size());
		assertThat(rowsHolding(tokens)).isEqualTo(tokens.size());
		assertThat(authServer.isActive(tokens.get(0))).isTrue();
		assertThat(authServer.isActive(tokens.get(tokens.size() - 1))).isTrue();
	}

	@Test
	void gatewayWhenQuotaStoreStopsThenVerifiesTokensButFailsClosedUntilItIsBack() {
		String validated = authServer.serviceToken();
		RevocationAtGatewaySystemTests.assertAnswered(gateway.chat(validated));

		// when the gateway's PostgreSQL stops
		gatewayPostgres.stop();
		try {
			String unseen = authServer.serviceToken();

			// then tokens still verify, the one seen before and a new one, with the
			// cached keys
			for (String token : List.of(validated, unseen)) {
				Response models = gateway.models(token);
				assertThat(models.status()).as(models.body()).isEqualTo(200);
				assertThat(models.json().get("data").findValuesAsString("id")).containsExactly("echo-small",
						"echo-large");
			}

			// but a call that the quota must admit is refused, saying why
			Response refused = gateway.chat(validated);
			GatewayClient.assertOpenAiError(refused, 503, "server_error", "quota_store_unavailable");
			assertThat(GatewayClient.message(refused)).contains("quota store");
			GatewayClient.assertOpenAiError(gateway.chat(unseen), 503, "server_error", "quota_store_unavailable");
		}
		finally {
			gatewayPostgres.start();
		}

		// and once it is back, calls are admitted again, refused only as unavailable
		// before
		Response recovered = await().atMost(RECOVERS_WITHIN)
			.pollInterval(Duration.ofMillis(250))
			.until(() -> gateway.chat(validated), (response) -> {
				if (response.status() != 200) {
					GatewayClient.assertOpenAiError(response, 503, "server_error", "quota_store_unavailable");
				}
				return response.status() == 200;
			});
		RevocationAtGatewaySystemTests.assertAnswered(recovered);
	}

	private static void awaitAnswers(TokenLoad load, long sinceNanos, int status, int answers) {
		await().atMost(RECOVERS_WITHIN)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> load.count(sinceNanos, (response) -> response.status() == status) >= answers);
	}

	private static void assertTokenOrUnavailable(Response response) {
		assertThat(response.status()).as(response.body()).isIn(200, 503);
		assertThat(response.header("Content-Type")).startsWith("application/json");
		if (response.status() == 503) {
			assertThat(response.field("error")).isEqualTo("temporarily_unavailable");
			assertThat(response.field("error_description")).isEqualTo("The service is temporarily unavailable; retry");
			assertThat(response.header("Retry-After")).isEqualTo("1");
		}
		else {
			assertThat(response.field("access_token")).isNotBlank();
		}
	}

	/** Authorizations of demo-service created since {@code since}. */
	private static long authorizationRows(OffsetDateTime since) {
		return authDatabase.queryLong(
				"select count(*) from oauth2_authorization a join registered_client c"
						+ " on c.id = a.registered_client_id where c.client_id = 'demo-service' and a.created_at >= ?",
				since);
	}

	/**
	 * Rows that hold one of the tokens, found by the SHA-256 (base64url) that auth-server
	 * stores in place of a token value.
	 */
	private static long rowsHolding(List<String> tokens) throws SQLException {
		try (Connection connection = authDatabase.connect();
				PreparedStatement statement = connection
					.prepareStatement("select count(*) from oauth2_authorization where access_token_hash = any(?)")) {
			statement.setArray(1, connection.createArrayOf("varchar",
					tokens.stream().map(DatabaseOutageSystemTests::sha256).toArray()));
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

	private static OffsetDateTime databaseNow() throws SQLException {
		try (Connection connection = authDatabase.connect();
				ResultSet now = connection.createStatement().executeQuery("select now()")) {
			now.next();
			return now.getObject(1, OffsetDateTime.class);
		}
	}

	private static String sha256(String token) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
