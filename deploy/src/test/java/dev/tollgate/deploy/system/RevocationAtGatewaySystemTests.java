package dev.tollgate.deploy.system;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tollgate.deploy.system.Http.Response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 6: a token revoked at the auth server, by any route, is refused by the gateway
 * within one poll of the revocation feed. The real auth-server and the real gateway run
 * as processes, each on its own PostgreSQL database, the gateway polling every second.
 */
class RevocationAtGatewaySystemTests {

	static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

	/**
	 * One poll interval, plus what a poll and a loaded two-core machine take: the feed
	 * request, its query, the scheduler's delay.
	 */
	static final Duration REFUSED_WITHIN = POLL_INTERVAL.plusSeconds(3);

	static final String REVOKED = "{\"error\":{\"message\":\"The access token was revoked.\","
			+ "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}";

	static final String KEY_REVOKED = "{\"error\":{\"message\":\"The access token was revoked: its signing key"
			+ " was revoked.\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}";

	/** Room for every poll of these tests, so that no refusal is a spent quota. */
	static final String ROOMY_QUOTA = "{\"policy\":\"system-test\",\"requests_per_minute\":100000,"
			+ "\"tokens_per_minute\":10000000,\"models\":[\"echo-small\"]}";

	private static Postgres postgres;

	private static JarProcess authServerProcess;

	private static JarProcess gatewayProcess;

	private static AuthServerClient authServer;

	private static GatewayClient gateway;

	@BeforeAll
	static void start() {
		postgres = Postgres.start("revocation");
		authServerProcess = Launch.authServer("revocation-auth-server", postgres.createDatabase("auth"),
				Launch.newEncryptionKey(), Map.of());
		gatewayProcess = Launch.gateway("revocation-gateway", postgres.createDatabase("gateway"),
				authServerProcess.baseUrl(),
				Map.of("tollgate.gateway.revocation-poll-interval", POLL_INTERVAL.toString(),
						// A key revoked below makes the server sign with a key the
						// gateway has not fetched yet.
						"tollgate.gateway.jwks-refresh-interval", "PT1S"));
		authServerProcess.awaitHealthy();
		gatewayProcess.awaitHealthy();
		authServer = new AuthServerClient(authServerProcess);
		gateway = new GatewayClient(gatewayProcess);
		authServer.putQuota("demo-service", ROOMY_QUOTA);
		authServer.putQuota(SignIn.CLIENT_ID, ROOMY_QUOTA);
	}

	@AfterAll
	static void stop() {
		Cleanup.all(gatewayProcess, authServerProcess, postgres);
	}

	@Test
	void gatewayWhenTokenRevokedAtRevocationEndpointThenRefusedWithinPollInterval() {
		String token = authServer.serviceToken();
		assertAnswered(gateway.chat(token));

		Response revoked = authServer.revoke(token, AuthServerClient.SERVICE);

		assertThat(revoked.status()).isEqualTo(200);
		assertThat(awaitRefused(token).body()).isEqualTo(REVOKED);
		assertThat(authServer.isActive(token)).isFalse();
	}

	@Test
	void gatewayWhenSigningKeyRevokedThenItsTokensRefusedWithinPollInterval() {
		String token = authServer.serviceToken();
		assertAnswered(gateway.chat(token));
		String kid = AuthServerClient.kidOf(token);
		// An operator's order: a new key takes over, then the old one is revoked.
		assertThat(authServer.adminPost("/keys/rotate").status()).isEqualTo(200);

		Response revoked = authServer.adminPost("/keys/" + kid + "/revoke");

		assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
		assertThat(revoked.field("state")).isEqualTo("revoked");
		assertThat(awaitRefused(token).body()).isEqualTo(KEY_REVOKED);
		String next = authServer.serviceToken();
		assertThat(AuthServerClient.kidOf(next)).isNotEqualTo(kid);
		assertAnswered(gateway.chat(next));
	}

	@Test
	void gatewayWhenRefreshTokenReplayedThenGrantsAccessTokenRefusedWithinPollInterval() {
		SignIn signIn = new SignIn(authServer.baseUrl());
		Response first = signIn.asAlice();
		assertThat(first.status()).as(first.body()).isEqualTo(200);
		Response refreshed = signIn.refresh(first.field("refresh_token"));
		assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
		String token = refreshed.field("access_token");
		assertAnswered(gateway.chat(token));

		Response replay = signIn.refresh(first.field("refresh_token"));

		assertThat(replay.status()).isEqualTo(400);
		assertThat(replay.field("error")).isEqualTo("invalid_grant");
		assertThat(awaitRefused(token).body()).isEqualTo(REVOKED);
		assertThat(signIn.refresh(refreshed.field("refresh_token")).field("error")).isEqualTo("invalid_grant");
	}

	@Test
	void gatewayWhenClientsTokensRevokedByAdminThenRefusedWithinPollInterval() {
		String token = authServer.serviceToken();
		assertAnswered(gateway.chat(token));

		Response revoked = authServer.adminPost("/clients/demo-service/revoke-tokens");

		assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
		assertThat(revoked.json().propertyNames()).containsExactly("revoked_authorizations");
		assertThat(revoked.json().get("revoked_authorizations").asInt()).isPositive();
		assertThat(awaitRefused(token).body()).isEqualTo(REVOKED);
		assertThat(authServer.isActive(token)).isFalse();
	}

	@Test
	void gatewayWhenUsersTokensRevokedByAdminThenRefusedWithinPollInterval() {
		Response signedIn = new SignIn(authServer.baseUrl()).asAlice();
		assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(200);
		String token = signedIn.field("access_token");
		assertAnswered(gateway.chat(token));

		Response revoked = authServer.adminPost("/users/alice/revoke-tokens");

		assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
		assertThat(revoked.json().propertyNames()).containsExactly("revoked_authorizations");
		assertThat(revoked.json().get("revoked_authorizations").asInt()).isPositive();
		assertThat(awaitRefused(token).body()).isEqualTo(REVOKED);
		assertThat(authServer.isActive(token)).isFalse();
	}

	static void assertAnswered(Response completion) {
		assertThat(completion.status()).as(completion.body()).isEqualTo(200);
		assertThat(completion.field("object")).isEqualTo("chat.completion");
	}

	/**
	 * Calls the gateway with the token until it answers 401, at most
	 * {@link #REFUSED_WITHIN} after the revocation.
	 */
	private static Response awaitRefused(String token) {
		long start = System.nanoTime();
		Response refused = await().atMost(REFUSED_WITHIN)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> gateway.chat(token), (response) -> response.status() != 200);
		System.out.printf("Refused at the gateway %d ms after the revocation%n",
				Duration.ofNanos(System.nanoTime() - start).toMillis());
		GatewayClient.assertOpenAiError(refused, 401, "invalid_request_error", "invalid_api_key");
		assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
		return refused;
	}

}
