package dev.tollgate.auth.ratelimit;

import java.util.Map;

import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.TestAuthServer;
import dev.tollgate.auth.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.tollgate.auth.support.Http.basic;
import static dev.tollgate.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate limit per remote address, shared by the client-authenticated protocol
 * endpoints: three requests an hour from 127.0.0.1 here, whatever client they name.
 */
class AddressRateLimitTests {

	private static final String[] ENDPOINTS = { "/oauth2/token", "/oauth2/introspect", "/oauth2/revoke",
			"/oauth2/device_authorization", "/oauth2/par" };

	private static TestAuthServer server;

	private static Http http;

	@BeforeAll
	static void startServer() {
		server = TestAuthServer.start(TestDatabase.newDatabase(),
				Map.of("tollgate.rate-limits.address.capacity", 3, "tollgate.rate-limits.address.period", "PT1H"));
		http = new Http(server.baseUrl());
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void postWhenTheAddressIsOverItsLimitThenEveryEndpointAnswers429ForEveryClient() {
		for (int i = 0; i < 3; i++) {
			Response admitted = http.postForm("/oauth2/token", basic("client-" + i, "secret"),
					form("grant_type", "client_credentials"));
			assertThat(admitted.status()).isEqualTo(401);
		}

		for (String endpoint : ENDPOINTS) {
			Response refused = http.postForm(endpoint, basic("demo-service", "demo-service-secret"),
					form("grant_type", "client_credentials", "token", "some-token"));

			assertThat(refused.status()).as(endpoint).isEqualTo(429);
			assertThat(refused.header("Retry-After")).as(endpoint).isEqualTo("1200");
			assertThat(refused.body()).as(endpoint)
				.isEqualTo("{\"error_description\":\"Too many requests from this address; retry after 1200 seconds\","
						+ "\"error\":\"slow_down\"}");
		}
	}

	@Test
	void getWhenTheAddressIsOverItsLimitThenTheJwksAndDiscoveryStillAnswer() {
		while (http.postForm("/oauth2/token", null, form("grant_type", "client_credentials")).status() != 429) {
			// Spends the address's bucket, whichever test ran first.
		}

		assertThat(http.get("/oauth2/jwks", null).status()).isEqualTo(200);
		assertThat(http.get("/.well-known/openid-configuration", null).status()).isEqualTo(200);
	}

}
