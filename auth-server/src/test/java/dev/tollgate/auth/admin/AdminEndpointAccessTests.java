package dev.tollgate.auth.admin;

import java.util.List;

import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.TestAuthServer;
import dev.tollgate.auth.support.Tokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.tollgate.auth.support.Http.bearer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every admin endpoint refuses a request without a bearer token (401) and one whose token
 * lacks scope {@code admin} (403), before it looks at anything else: the client named in
 * the path need not exist.
 */
class AdminEndpointAccessTests {

	static final List<String[]> ENDPOINTS = List.of(new String[] { "GET", "/admin/v1/clients" },
			new String[] { "POST", "/admin/v1/clients" }, new String[] { "GET", "/admin/v1/clients/demo-service" },
			new String[] { "PATCH", "/admin/v1/clients/demo-service" },
			new String[] { "DELETE", "/admin/v1/clients/demo-service" },
			new String[] { "POST", "/admin/v1/clients/demo-service/secret" },
			new String[] { "POST", "/admin/v1/clients/demo-service/revoke-tokens" },
			new String[] { "POST", "/admin/v1/users/alice/revoke-tokens" }, new String[] { "GET", "/admin/v1/audit" });

	private static Http http;

	@BeforeAll
	static void startServer() {
		http = new Http(TestAuthServer.shared().baseUrl());
	}

	@Test
	void everyEndpointWhenNoTokenThenUnauthorizedProblem() {
		for (String[] endpoint : ENDPOINTS) {
			Response response = http.json(endpoint[0], endpoint[1], null, "application/json", "{}");

			assertThat(response.status()).as(endpoint[0] + " " + endpoint[1]).isEqualTo(401);
			assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"tollgate\"");
			assertThat(response.body()).isEqualTo("{\"detail\":\"A bearer access token with scope admin is required\","
					+ "\"instance\":\"" + endpoint[1] + "\",\"status\":401,\"title\":\"Unauthorized\"}");
		}
	}

	@Test
	void everyEndpointWhenTokenLacksAdminScopeThenForbiddenProblem() {
		String serviceToken = bearer(Tokens.service(http));
		for (String[] endpoint : ENDPOINTS) {
			Response response = http.json(endpoint[0], endpoint[1], serviceToken, "application/json", "{}");

			assertThat(response.status()).as(endpoint[0] + " " + endpoint[1]).isEqualTo(403);
			assertThat(response.body()).isEqualTo("{\"detail\":\"The access token lacks scope admin\","
					+ "\"instance\":\"" + endpoint[1] + "\",\"status\":403,\"title\":\"Forbidden\"}");
		}
		assertThat(http.get("/admin/v1/clients/demo-service", bearer(Tokens.admin(http))).status()).isEqualTo(200);
	}

}
