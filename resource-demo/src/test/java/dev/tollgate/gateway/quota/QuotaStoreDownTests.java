package dev.tollgate.gateway.quota;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.tollgate.gateway.support.Chat;
import dev.tollgate.gateway.support.Http;
import dev.tollgate.gateway.support.StubIssuer;
import dev.tollgate.gateway.support.TestDatabase;
import dev.tollgate.gateway.support.TestGateway;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quota store down: the gateway fails closed, answering 503 and saying why, quickly
 * rather than after a hang, and serves again once PostgreSQL is back. Calls that need no
 * quota go on meanwhile, their tokens verified with the keys fetched before.
 */
class QuotaStoreDownTests {

	private static final String CALL = Chat.request("echo-small", "Hello, world!", 4L);

	@Test
	void chatCompletionWhenQuotaStoreDownThenServiceUnavailableUntilItIsBack() throws InterruptedException {
		StubIssuer issuer = StubIssuer.shared();
		String clientId = "client-" + UUID.randomUUID();
		String token = issuer.token(clientId).sign();
		try (TestDatabase.StoppableServer postgres = TestDatabase.stoppableServer();
				TestGateway gateway = TestGateway.start(postgres.database(), issuer.url(), Map.of())) {
			Http http = gateway.http();
			assertThat(http.post("/v1/chat/completions", token, CALL).status()).isEqualTo(200);

			// when PostgreSQL stops
			postgres.stop();
			Instant start = Instant.now();
			Http.Response refused = http.post("/v1/chat/completions", token, CALL);
			Duration took = Duration.between(start, Instant.now());
			Http.Response usage = http.get("/v1/usage", token);
			Http.Response models = http.get("/v1/models", token);
			String newToken = issuer.token(clientId).sign();
			Http.Response modelsWithNewToken = http.get("/v1/models", newToken);

			// then every call is refused with 503, none admitted unchecked
			assertThat(refused.status()).isEqualTo(503);
			assertThat(refused.body()).isEqualTo("{\"error\":{\"message\":\"The quota store (PostgreSQL) does not"
					+ " answer, so no quota can be checked and requests are refused until it is back. Please try"
					+ " again later.\",\"type\":\"server_error\",\"code\":\"quota_store_unavailable\"}}");
			assertThat(took).isLessThan(Duration.ofSeconds(10));
			assertThat(usage.status()).isEqualTo(503);
			// and the calls that need no quota are answered, without rate-limit headers
			assertThat(models.status()).isEqualTo(200);
			assertThat(models.json().get("data")).extracting((model) -> model.get("id").asString())
				.containsExactly("echo-small", "echo-large");
			assertThat(models.header("x-ratelimit-limit-tokens")).isNull();
			assertThat(modelsWithNewToken.status()).isEqualTo(200);
			assertThat(gateway.metric("tollgate_gateway_quota_rejected_total{client_id=\"" + clientId
					+ "\",model=\"echo-small\",reason=\"quota_store_unavailable\"}"))
				.isEqualTo(1.0);

			// and once PostgreSQL is back, calls are answered again
			postgres.start();
			assertThat(awaitAnswered(http, token)).isEqualTo(200);
			System.out.printf("503 while the quota store was down answered in %d ms%n", took.toMillis());
		}
	}

	private static int awaitAnswered(Http http, String token) throws InterruptedException {
		Instant deadline = Instant.now().plusSeconds(15);
		int status;
		do {
			status = http.post("/v1/chat/completions", token, CALL).status();
			if (status == 200) {
				return status;
			}
			Thread.sleep(250);
		}
		while (Instant.now().isBefore(deadline));
		return status;
	}

}
