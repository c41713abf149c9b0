package dev.tollgate.auth.observability;

import java.time.Duration;

import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.TestAuthServer;
import dev.tollgate.auth.support.TestDatabase;
import dev.tollgate.auth.support.Tokens;
import org.junit.jupiter.api.Test;

import static dev.tollgate.auth.support.Http.bearer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actuator as probes, load balancers and Prometheus meet it: health and its liveness
 * and readiness groups without a token, readiness down while the database is, the
 * Prometheus scrape only with scope {@code metrics.read} or {@code admin}, and nothing
 * else exposed.
 */
class ActuatorTests {

	private static final TestAuthServer server = TestAuthServer.shared();

	private static final Http http = new Http(server.baseUrl());

	@Test
	void healthWhenNoTokenThenUpNamingTheProbeGroups() {
		Response health = http.get("/actuator/health", null);

		assertThat(health.status()).isEqualTo(200);
		assertThat(health.body()).isEqualTo("{\"groups\":[\"liveness\",\"readiness\"],\"status\":\"UP\"}");
	}

	@Test
	void probeGroupsWhenNoTokenThenUp() {
		for (String path : new String[] { "/actuator/health/liveness", "/actuator/health/readiness" }) {
			Response health = http.get(path, null);

			assertThat(health.status()).as(path).isEqualTo(200);
			assertThat(health.body()).as(path).isEqualTo("{\"status\":\"UP\"}");
		}
	}

	@Test
	void prometheusWhenNoTokenThenUnauthorizedAsOAuth2Json() {
		Response response = http.get("/actuator/prometheus", null);

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
		assertThat(response.body()).isEqualTo("{\"error_description\":\"A bearer access token with scope"
				+ " metrics.read or admin is required.\",\"error\":\"invalid_token\"}");
	}

	@Test
	void prometheusWhenTokenWithoutScopeThenForbidden() {
		Response response = http.get("/actuator/prometheus", bearer(Tokens.service(http)));

		assertThat(response.status()).isEqualTo(403);
		assertThat(response.field("error")).isEqualTo("insufficient_scope");
	}

	@Test
	void prometheusWhenMalformedTokenThenInvalidToken() {
		Response response = http.get("/actuator/prometheus", bearer("not-a-jwt"));

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
		assertThat(response.field("error")).isEqualTo("invalid_token");
	}

	@Test
	void prometheusWhenAdminTokenThenTextFormat() {
		Response response = http.get("/actuator/prometheus", bearer(Tokens.admin(http)));

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Content-Type")).startsWith("text/plain");
		assertThat(response.body()).contains("# TYPE jvm_memory_used_bytes gauge");
	}

	@Test
	void otherActuatorEndpointsWhenCalledThenRefused() {
		String admin = bearer(Tokens.admin(http));
		for (String path : new String[] { "/actuator", "/actuator/env", "/actuator/beans", "/actuator/sessions" }) {
			assertThat(http.get(path, null).status()).as(path).isEqualTo(401);
			assertThat(http.get(path, admin).status()).as(path).isEqualTo(403);
		}
	}

	@Test
	void readinessWhenDatabaseStopsThenDownAndLivenessStaysUpAndBothRecover() throws InterruptedException {
		try (TestDatabase.StoppableServer postgres = TestDatabase.stoppableServer();
				TestAuthServer own = TestAuthServer.start(postgres.database())) {
			Http probes = new Http(own.baseUrl());
			assertThat(probes.get("/actuator/health/readiness", null).status()).isEqualTo(200);

			postgres.stop();
			Response readiness = probes.get("/actuator/health/readiness", null);
			Response liveness = probes.get("/actuator/health/liveness", null);

			assertThat(readiness.status()).isEqualTo(503);
			assertThat(readiness.body()).isEqualTo("{\"status\":\"DOWN\"}");
			assertThat(liveness.status()).isEqualTo(200);

			postgres.start();
			assertThat(awaitReady(probes)).isEqualTo(200);
		}
	}

	private static int awaitReady(Http probes) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		int status = probes.get("/actuator/health/readiness", null).status();
		while (status != 200 && System.nanoTime() < deadline) {
			Thread.sleep(200);
			status = probes.get("/actuator/health/readiness", null).status();
		}
		return status;
	}

}
