package dev.tollgate.deploy.system;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.tollgate.deploy.system.Http.Response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 8, scale-out: two auth-server processes on one PostgreSQL database and two
 * gateways on another, as replicas behind load balancers. Both auth-servers have one
 * issuer URL, as every instance of a deployment has; with no load balancer here it leads
 * to the first, which the gateways fetch keys and the revocation feed from, while the
 * tests talk to each instance directly.
 */
class ScaleOutSystemTests {

	private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

	/**
	 * An instance learns of a key change by LISTEN/NOTIFY, else at its 30-second check.
	 */
	private static final Duration KEY_CHANGE_SEEN_WITHIN = Duration.ofSeconds(40);

	private static final int REQUESTS_PER_MINUTE = 4;

	private static Postgres postgres;

	private static final List<JarProcess> processes = new ArrayList<>();

	private static AuthServerClient authServerA;

	private static AuthServerClient authServerB;

	private static GatewayClient gateway1;

	private static GatewayClient gateway2;

	@BeforeAll
	static void start() {
		postgres = Postgres.start("scale-out");
		Database authDatabase = postgres.createDatabase("auth");
		Database gatewayDatabase = postgres.createDatabase("gateway");
		String encryptionKey = Launch.newEncryptionKey();

		// The first instance migrates the schema and seeds the demo data alone; the
		// gateways need nothing of it to start.
		JarProcess a = started(Launch.authServer("scale-out-auth-server-a", authDatabase, encryptionKey, Map.of()));
		String issuer = a.baseUrl();
		Map<String, String> gatewaySettings = Map.of("tollgate.gateway.revocation-poll-interval",
				POLL_INTERVAL.toString(), "tollgate.gateway.jwks-refresh-interval", "PT1S");
		JarProcess g1 = started(Launch.gateway("scale-out-gateway-1", gatewayDatabase, issuer, gatewaySettings));
		JarProcess g2 = started(Launch.gateway("scale-out-gateway-2", gatewayDatabase, issuer, gatewaySettings));
		a.awaitHealthy();
		JarProcess b = started(Launch.authServer("scale-out-auth-server-b", authDatabase, encryptionKey,
				Map.of("tollgate.issuer", issuer)));
		List.of(g1, g2, b).forEach(JarProcess::awaitHealthy);

		authServerA = new AuthServerClient(a);
		authServerB = new AuthServerClient(b);
		gateway1 = new GatewayClient(g1);
		gateway2 = new GatewayClient(g2);
	}

	private static JarProcess started(JarProcess process) {
		processes.add(process);
		return process;
	}

	@AfterAll
	static void stop() {
		List<AutoCloseable> all = new ArrayList<>(processes);
		all.add(postgres);
		Cleanup.all(all.toArray(AutoCloseable[]::new));
	}

	@Test
	void introspectWhenTokenFromOneInstanceThenActiveOnTheOther() {
		String fromA = authServerA.serviceToken();
		String fromB = authServerB.serviceToken();

		Response onB = authServerB.introspect(fromA);
		Response onA = authServerA.introspect(fromB);

		assertThat(onB.status()).isEqualTo(200);
		assertThat(onB.json().get("active").asBoolean()).isTrue();
		assertThat(onB.field("client_id")).isEqualTo("demo-service");
		assertThat(onB.field("jti")).isEqualTo(AuthServerClient.claim(fromA, "jti").asString());
		assertThat(onA.json().get("active").asBoolean()).isTrue();
		assertThat(onA.field("jti")).isEqualTo(AuthServerClient.claim(fromB, "jti").asString());
	}

	@Test
	void revokeWhenOnOneInstanceThenInactiveOnTheOtherAndRefusedByBothGateways() {
		String token = authServerA.serviceToken();
		RevocationAtGatewaySystemTests.assertAnswered(gateway1.chat(token));
		RevocationAtGatewaySystemTests.assertAnswered(gateway2.chat(token));

		Response revoked = authServerA.revoke(token, AuthServerClient.SERVICE);

		assertThat(revoked.status()).isEqualTo(200);
		Response onB = authServerB.introspect(token);
		assertThat(onB.status()).isEqualTo(200);
		assertThat(onB.body()).isEqualTo("{\"active\":false}");
		assertThat(feedJtis(authServerB.revocationFeed())).contains(AuthServerClient.claim(token, "jti").asString());
		for (GatewayClient gateway : List.of(gateway1, gateway2)) {
			Response refused = await().atMost(RevocationAtGatewaySystemTests.REFUSED_WITHIN)
				.pollInterval(Duration.ofMillis(100))
				.until(() -> gateway.chat(token), (response) -> response.status() != 200);
			assertThat(refused.status()).isEqualTo(401);
			assertThat(refused.body()).isEqualTo(RevocationAtGatewaySystemTests.REVOKED);
		}
	}

	@Test
	void rotateWhenThroughOneInstanceThenOnceForBoth() {
		int keysBefore = authServerA.adminGet("/keys").json().get("items").size();

		Response rotated = authServerA.adminPost("/keys/rotate");

		assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
		String kid = rotated.field("kid");
		assertThat(rotated.field("state")).isEqualTo("active");
		await().atMost(KEY_CHANGE_SEEN_WITHIN)
			.pollInterval(Duration.ofMillis(250))
			.until(() -> authServerB.serviceToken(), (token) -> AuthServerClient.kidOf(token).equals(kid));
		for (AuthServerClient instance : List.of(authServerA, authServerB)) {
			assertThat(instance.activeKids()).containsExactly(kid);
			assertThat(instance.adminGet("/keys").json().get("items")).hasSize(keysBefore + 1);
			assertThat(instance.publishedKids()).contains(kid);
		}
		String fromB = authServerB.serviceToken();
		assertThat(AuthServerClient.kidOf(fromB)).isEqualTo(kid);
		RevocationAtGatewaySystemTests.assertAnswered(gateway2.chat(fromB));
	}

	/**
	 * The demo app's quota, which no other test here spends: a lowered limit caps what is
	 * left of the window, so a client that spent some of it already would get less.
	 */
	@Test
	void chatWhenQuotaSpentAlternatelyAtBothGatewaysThenTheyShareOneLimit() {
		authServerA.putQuota(SignIn.CLIENT_ID, "{\"policy\":\"tight\",\"requests_per_minute\":" + REQUESTS_PER_MINUTE
				+ ",\"models\":[\"echo-small\"]}");
		awaitTimeInMinute(Duration.ofSeconds(20));
		Response signedIn = new SignIn(authServerB.baseUrl()).asAlice();
		assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(200);
		String token = signedIn.field("access_token");
		List<GatewayClient> gateways = List.of(gateway1, gateway2);

		for (int call = 0; call < REQUESTS_PER_MINUTE; call++) {
			Response admitted = gateways.get(call % 2).chat(token);
			RevocationAtGatewaySystemTests.assertAnswered(admitted);
			assertThat(admitted.header("x-ratelimit-remaining-requests"))
				.isEqualTo(String.valueOf(REQUESTS_PER_MINUTE - call - 1));
		}

		for (GatewayClient gateway : gateways) {
			Response refused = gateway.chat(token);
			GatewayClient.assertOpenAiError(refused, 429, "requests", "rate_limit_exceeded");
			assertThat(GatewayClient.message(refused))
				.startsWith("Rate limit reached for requests per min (RPM) of client 'demo-app': limit "
						+ REQUESTS_PER_MINUTE + ", remaining 0, requested 1.");
			assertThat(refused.header("Retry-After")).isNotBlank();
			assertThat(refused.header("x-ratelimit-remaining-requests")).isEqualTo("0");
		}
	}

	private static List<String> feedJtis(Response feed) {
		assertThat(feed.status()).as(feed.body()).isEqualTo(200);
		List<String> jtis = new ArrayList<>();
		for (JsonNode token : feed.json().get("revoked_tokens")) {
			jtis.add(token.get("jti").asString());
		}
		return jtis;
	}

	/**
	 * Waits, when the current UTC minute has less than {@code needed} left, for the next
	 * one: the requests of one minute are counted in one window, which must not turn over
	 * in the middle of the test.
	 */
	private static void awaitTimeInMinute(Duration needed) {
		Instant nextMinute = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
		if (Duration.between(Instant.now(), nextMinute).compareTo(needed) < 0) {
			await().atMost(Duration.ofMinutes(1))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> Instant.now().isAfter(nextMinute));
		}
	}

}
