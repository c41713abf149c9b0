package dev.tollgate.auth.admin;

import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.TestAuthServer;
import dev.tollgate.auth.support.Tokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.tollgate.auth.support.Http.bearer;
import static dev.tollgate.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who gets into the admin API, and how every refusal reads: a bearer access token of this
 * server with scope {@code admin}, and RFC 9457 problem details with an RFC 6750
 * challenge otherwise.
 */
class AdminApiSecurityTests {

	private static Http http;

	@BeforeAll
	static void startServer() {
		http = new Http(TestAuthServer.shared().baseUrl());
	}

	@Test
	void keysWhenNoTokenThenUnauthorizedProblemWithBearerChallenge() {
		Response response = http.get("/admin/v1/keys", null);

		assertProblem(response, 401, "Unauthorized", "A bearer access token with scope admin is required",
				"/admin/v1/keys");
		assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"tollgate\"");
	}

	@Test
	void rotateWhenNoTokenThenUnauthorizedNotForbidden() {
		Response response = http.send("/admin/v1/keys/rotate", "POST", null);

		assertProblem(response, 401, "Unauthorized", "A bearer access token with scope admin is required",
				"/admin/v1/keys/rotate");
	}

	@Test
	void keysWhenTokenIsNotAJwtOfThisServerThenUnauthorizedInvalidToken() {
		Response response = http.get("/admin/v1/keys", bearer("not-a-token"));

		assertProblem(response, 401, "Unauthorized", "The access token is invalid, expired or revoked",
				"/admin/v1/keys");
		assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"tollgate\", error=\"invalid_token\","
				+ " error_description=\"The access token is invalid, expired or revoked\"");
	}

	@Test
	void keysWhenTokenLacksAdminScopeThenForbiddenProblemWithInsufficientScope() {
		Response response = http.get("/admin/v1/keys", bearer(Tokens.service(http)));

		assertProblem(response, 403, "Forbidden", "The access token lacks scope admin", "/admin/v1/keys");
		assertThat(response.header("WWW-Authenticate"))
			.isEqualTo("Bearer realm=\"tollgate\", error=\"insufficient_scope\", scope=\"admin\"");
	}

	@Test
	void keysWhenAdminTokenWasRevokedThenUnauthorized() {
		String adminToken = Tokens.admin(http);
		http.postForm("/oauth2/revoke", Tokens.ADMIN, form("token", adminToken));

		Response response = http.get("/admin/v1/keys", bearer(adminToken));

		assertProblem(response, 401, "Unauthorized", "The access token is invalid, expired or revoked",
				"/admin/v1/keys");
	}

	@Test
	void keysWhenAdminTokenThenEveryKeyWithoutKeyMaterial() {
		Response response = http.get("/admin/v1/keys", bearer(Tokens.admin(http)));

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Content-Type")).isEqualTo("application/json");
		assertThat(response.header("Cache-Control")).contains("no-store");
		JsonNode body = response.json();
		assertThat(body.propertyNames()).containsExactly("items", "next");
		assertThat(body.get("next").isNull()).isTrue();
		JsonNode key = body.get("items").get(0);
		assertThat(key.propertyNames()).containsExactlyInAnyOrder("kid", "alg", "state", "created", "activated",
				"retired", "revoked");
		assertThat(key.get("state").asString()).isEqualTo("active");
		assertThat(key.get("alg").asString()).isEqualTo("RS256");
		assertThat(key.get("created").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
	}

	@Test
	void adminWhenUnknownPathThenNotFoundProblem() {
		Response response = http.get("/admin/v1/no-such-thing", bearer(Tokens.admin(http)));

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(response.json().get("status").asInt()).isEqualTo(404);
		assertThat(response.json().get("instance").asString()).isEqualTo("/admin/v1/no-such-thing");
	}

	@Test
	void keysWhenMethodNotAllowedThenMethodNotAllowedProblem() {
		Response response = http.send("/admin/v1/keys", "DELETE", bearer(Tokens.admin(http)));

		assertThat(response.status()).isEqualTo(405);
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(response.header("Allow")).isEqualTo("GET");
		assertThat(response.json().get("title").asString()).isEqualTo("Method Not Allowed");
	}

	private static void assertProblem(Response response, int status, String title, String detail, String instance) {
		assertThat(response.status()).isEqualTo(status);
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(response.body()).isEqualTo("{\"detail\":\"" + detail + "\",\"instance\":\"" + instance
				+ "\",\"status\":" + status + ",\"title\":\"" + title + "\"}");
	}

}
