package dev.tollgate.auth.ratelimit;

import java.util.List;
import java.util.Map;

import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.TestAuthServer;
import dev.tollgate.auth.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.tollgate.auth.support.Http.basic;
import static dev.tollgate.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate limit per client id on every client-authenticated protocol endpoint: three
 * requests an hour here, so the fourth is refused, whoever the client is and whether or
 * not its credentials are right, before client authentication.
 */
class ProtocolRateLimitTests {

	private static TestAuthServer server;

	private static Http http;

	@BeforeAll
	static void startServer() {
		server = TestAuthServer.start(TestDatabase.newDatabase(),
				Map.of("tollgate.rate-limits.client.capacity", 3, "tollgate.rate-limits.client.period", "PT1H"));
		http = new Http(server.baseUrl());
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/oauth2/token", "/oauth2/introspect", "/oauth2/revoke", "/oauth2/device_authorization",
			"/oauth2/par" })
	void postWhenTheClientIdIsOverItsLimitThen429WithRetryAfterAndSlowDown(String endpoint) {
		String credentials = basic("limited-" + endpoint.substring(8), "wrong-secret");
		List<String[]> body = form("grant_type", "client_credentials", "token", "some-token");
		for (int i = 0; i < 3; i++) {
			assertThat(http.postForm(endpoint, credentials, body).status()).isEqualTo(401);
		}

		Response refused = http.postForm(endpoint, credentials, body);

		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.header("Retry-After")).isEqualTo("1200");
		assertThat(refused.header("Content-Type")).startsWith("application/json");
		assertThat(refused.body()).isEqualTo("{\"error_description\":"
				+ "\"Too many requests from this client; retry after 1200 seconds\",\"error\":\"slow_down\"}");
	}

	@Test
	void postWhenTheRightSecretIsOverItsLimitThenRefusedOnEveryEndpointButOtherClientsGoOn() {
		String gateway = basic("demo-gateway", "demo-gateway-secret");
		for (int i = 0; i < 3; i++) {
			assertThat(http.postForm("/oauth2/token", gateway, form("grant_type", "client_credentials")).status())
				.isEqualTo(200);
		}

		Response token = http.postForm("/oauth2/token", gateway, form("grant_type", "client_credentials"));
		Response introspect = http.postForm("/oauth2/introspect", gateway, form("token", "some-token"));
		Response otherClient = http.postForm("/oauth2/token", basic("demo-service", "demo-service-secret"),
				form("grant_type", "client_credentials"));

		assertThat(token.status()).isEqualTo(429);
		assertThat(token.field("error")).isEqualTo("slow_down");
		assertThat(introspect.status()).isEqualTo(429);
		assertThat(otherClient.status()).isEqualTo(200);
	}

	@Test
	void postWhenTheClientIdComesAsAParameterThenItIsCountedToo() {
		List<String[]> body = form("grant_type", "client_credentials", "client_id", "posting-client", "client_secret",
				"wrong");
		for (int i = 0; i < 3; i++) {
			assertThat(http.postForm("/oauth2/token", null, body).status()).isEqualTo(401);
		}

		Response refused = http.postForm("/oauth2/token", null, body);

		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.field("error_description"))
			.isEqualTo("Too many requests from this client; retry after 1200 seconds");
	}

}
