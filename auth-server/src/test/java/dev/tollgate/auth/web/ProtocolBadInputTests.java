package dev.tollgate.auth.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.TestAuthServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.tollgate.auth.support.Http.basic;
import static dev.tollgate.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad request to a protocol endpoint gets its exact RFC 6749 section 5.2
 * error as JSON (or, at the authorization endpoint with a verified redirect URI, in the
 * redirect), and never HTML or a 500.
 */
class ProtocolBadInputTests {

	private static final String SERVICE = basic("demo-service", "demo-service-secret");

	private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

	private static final String CLIENT_AUTHENTICATION_FAILED = "Client authentication failed: unknown client,"
			+ " wrong credentials, or an authentication method the client is not registered for";

	private static final String INVALID_GRANT = "The authorization grant or refresh token is invalid, expired,"
			+ " revoked, already used, or was issued to another client";

	private static Http http;

	@BeforeAll
	static void startServer() {
		http = new Http(TestAuthServer.shared().baseUrl());
	}

	@Test
	void tokenWhenGrantTypeMissingThenInvalidRequest() {
		Response response = http.postForm("/oauth2/token", SERVICE, form("scope", "llm.chat"));

		assertError(response, 400, "invalid_request", "OAuth 2.0 Parameter: grant_type");
	}

	@Test
	void tokenWhenGrantTypeRepeatedThenInvalidRequest() {
		Response response = http.postForm("/oauth2/token", SERVICE,
				form("grant_type", "client_credentials", "grant_type", "client_credentials"));

		assertError(response, 400, "invalid_request", "OAuth 2.0 Parameter: grant_type");
	}

	@Test
	void tokenWhenScopeRepeatedThenInvalidRequest() {
		Response response = http.postForm("/oauth2/token", SERVICE,
				form("grant_type", "client_credentials", "scope", "llm.chat", "scope", "llm.chat"));

		assertError(response, 400, "invalid_request", "OAuth 2.0 Parameter: scope");
	}

	@Test
	void tokenWhenPasswordGrantThenUnsupportedGrantType() {
		Response response = http.postForm("/oauth2/token", SERVICE,
				form("grant_type", "password", "username", "alice", "password", "alice-password"));

		assertError(response, 400, "unsupported_grant_type", "OAuth 2.0 Parameter: grant_type");
	}

	@Test
	void tokenWhenWrongSecretThenInvalidClient() {
		Response response = http.postForm("/oauth2/token", basic("demo-service", "wrong-secret"),
				form("grant_type", "client_credentials"));

		assertError(response, 401, "invalid_client", CLIENT_AUTHENTICATION_FAILED);
		assertThat(response.header("WWW-Authenticate")).isEqualTo("Basic realm=\"tollgate\"");
	}

	@Test
	void tokenWhenUnknownClientThenInvalidClient() {
		Response response = http.postForm("/oauth2/token", basic("no-such-client", "secret"),
				form("grant_type", "client_credentials"));

		assertError(response, 401, "invalid_client", CLIENT_AUTHENTICATION_FAILED);
	}

	@Test
	void tokenWhenSecretPostWithWrongSecretThenInvalidClient() {
		Response response = http.postForm("/oauth2/token", null,
				form("grant_type", "client_credentials", "client_id", "demo-service", "client_secret", "wrong"));

		assertError(response, 401, "invalid_client", CLIENT_AUTHENTICATION_FAILED);
		assertThat(response.header("WWW-Authenticate")).isNull();
	}

	@Test
	void tokenWhenMalformedBasicHeaderThenInvalidRequest() {
		Response response = http.postForm("/oauth2/token", "Basic %%%not-base64%%%",
				form("grant_type", "client_credentials"));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.field("error")).isEqualTo("invalid_request");
	}

	@Test
	void tokenWhenScopeNotRegisteredThenInvalidScope() {
		Response response = http.postForm("/oauth2/token", SERVICE,
				form("grant_type", "client_credentials", "scope", "admin"));

		assertError(response, 400, "invalid_scope",
				"The requested scope is unknown, not registered for this" + " client, or wider than what was granted");
	}

	@Test
	void tokenWhenUnknownRefreshTokenThenInvalidGrant() {
		Response response = http.postForm("/oauth2/token", null,
				form("grant_type", "refresh_token", "refresh_token", "no-such-token", "client_id", "demo-app"));

		assertError(response, 400, "invalid_grant", INVALID_GRANT);
	}

	@Test
	void tokenWhenUnknownCodeThenInvalidGrant() {
		Response response = http.postForm("/oauth2/token", null,
				form("grant_type", "authorization_code", "code", "no-such-code", "client_id", "demo-app",
						"redirect_uri", "http://127.0.0.1:8080/callback", "code_verifier",
						"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));

		assertError(response, 400, "invalid_grant", INVALID_GRANT);
	}

	@Test
	void tokenWhenPublicClientSendsNoClientIdThenInvalidClient() {
		Response response = http.postForm("/oauth2/token", null,
				form("grant_type", "refresh_token", "refresh_token", "anything"));

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.field("error")).isEqualTo("invalid_client");
		assertThat(response.field("error_description")).startsWith("Client authentication is required");
	}

	@Test
	void tokenWhenConfidentialClientOmitsSecretThenInvalidClient() {
		Response response = http.postForm("/oauth2/token", null,
				form("grant_type", "refresh_token", "refresh_token", "anything", "client_id", "demo-service"));

		assertError(response, 401, "invalid_client", CLIENT_AUTHENTICATION_FAILED);
	}

	@Test
	void tokenWhenJsonBodyThenInvalidRequestNamingTheContentType() {
		Response response = http.post("/oauth2/token", SERVICE, "application/json",
				"{\"grant_type\":\"client_credentials\"}");

		assertError(response, 400, "invalid_request",
				"The token endpoint accepts only Content-Type application/x-www-form-urlencoded");
	}

	@Test
	void tokenWhenNoContentTypeThenInvalidRequest() {
		Response response = http.post("/oauth2/token", SERVICE, null, "grant_type=client_credentials");

		assertError(response, 400, "invalid_request",
				"The token endpoint accepts only Content-Type application/x-www-form-urlencoded");
	}

	@Test
	void tokenWhenBodyOfSeveralMegabytesSentAtOnceThenContentTooLarge() {
		String body = "grant_type=client_credentials&padding=" + "a".repeat(4 * 1024 * 1024);

		Response response = http.post("/oauth2/token", SERVICE, "application/x-www-form-urlencoded", body);

		assertError(response, 413, "invalid_request", "The request body is larger than 65536 bytes");
	}

	@Test
	void tokenWhenGetThenMethodNotAllowed() {
		Response response = http.get("/oauth2/token?grant_type=client_credentials", SERVICE);

		assertError(response, 405, "invalid_request", "The token endpoint accepts only POST");
		assertThat(response.header("Allow")).isEqualTo("POST");
	}

	@Test
	void introspectWhenTokenMissingThenInvalidRequest() {
		Response response = http.postForm("/oauth2/introspect", SERVICE, form("token_type_hint", "access_token"));

		assertError(response, 400, "invalid_request", "OAuth 2.0 Token Introspection Parameter: token");
	}

	@Test
	void revokeWhenTokenMissingThenInvalidRequest() {
		Response response = http.postForm("/oauth2/revoke", SERVICE, form("token_type_hint", "access_token"));

		assertError(response, 400, "invalid_request", "OAuth 2.0 Token Revocation Parameter: token");
	}

	@Test
	void authorizeWhenRedirectUriNotRegisteredThenJsonErrorAndNoRedirect() {
		Response response = http.get(authorize("demo-app", "http://attacker.example/cb", "S256"), null);

		assertError(response, 400, "invalid_request", "OAuth 2.0 Parameter: redirect_uri");
		assertThat(response.header("Location")).isNull();
		assertThat(response.header("Content-Type")).startsWith("application/json");
	}

	@Test
	void authorizeWhenUnknownClientThenJsonError() {
		Response response = http.get(authorize("no-such-client", "http://127.0.0.1:8080/callback", "S256"), null);

		assertError(response, 400, "invalid_request", "OAuth 2.0 Parameter: client_id");
	}

	@Test
	void authorizeWhenClientIdRepeatedThenJsonError() {
		Response response = http
			.get(authorize("demo-app", "http://127.0.0.1:8080/callback", "S256") + "&client_id=demo-app", null);

		assertError(response, 400, "invalid_request", "OAuth 2.0 Parameter: client_id");
	}

	@Test
	void authorizeWhenPkceMissingThenErrorRedirectedToClient() {
		String path = "/oauth2/authorize?response_type=code&client_id=demo-app"
				+ "&redirect_uri=http://127.0.0.1:8080/callback&scope=openid&state=s1";

		Response response = http.get(path, null);

		assertThat(response.status()).isEqualTo(302);
		assertThat(decoded(response.header("Location"))).isEqualTo("http://127.0.0.1:8080/callback"
				+ "?error=invalid_request&error_description=OAuth 2.0 Parameter: code_challenge&state=s1");
	}

	@Test
	void authorizeWhenPlainPkceThenErrorRedirectedToClient() {
		Response response = http.get(authorize("demo-app", "http://127.0.0.1:8080/callback", "plain"), null);

		assertThat(response.status()).isEqualTo(302);
		assertThat(decoded(response.header("Location"))).isEqualTo("http://127.0.0.1:8080/callback"
				+ "?error=invalid_request&error_description=OAuth 2.0 Parameter: code_challenge_method&state=s1");
	}

	@Test
	void authorizeWhenImplicitResponseTypeThenUnsupportedResponseType() {
		String path = authorize("demo-app", "http://127.0.0.1:8080/callback", "S256").replace("response_type=code",
				"response_type=token");

		Response response = http.get(path, null);

		assertError(response, 400, "unsupported_response_type", "OAuth 2.0 Parameter: response_type");
	}

	private static String authorize(String clientId, String redirectUri, String challengeMethod) {
		return "/oauth2/authorize?response_type=code&client_id=" + clientId + "&redirect_uri=" + redirectUri
				+ "&scope=openid&state=s1&code_challenge=" + CHALLENGE + "&code_challenge_method=" + challengeMethod;
	}

	private static String decoded(String location) {
		return URLDecoder.decode(location, StandardCharsets.UTF_8);
	}

	private static void assertError(Response response, int status, String error, String description) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/json");
		assertThat(response.field("error")).isEqualTo(error);
		assertThat(response.field("error_description")).isEqualTo(description);
	}

}
