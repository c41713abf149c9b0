package dev.tollgate.auth.config;

import java.util.ArrayList;
import java.util.List;

import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.TestAuthServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.tollgate.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server metadata (RFC 8414, OpenID Connect Discovery 1.0) advertises what the server
 * really supports, and the pushed authorization request endpoint (RFC 9126) works for a
 * public client.
 */
class ServerMetadataTests {

	private static TestAuthServer server;

	private static Http http;

	@BeforeAll
	static void startServer() {
		server = TestAuthServer.shared();
		http = new Http(server.baseUrl());
	}

	@Test
	void openidConfigurationThenAdvertisesOnlySupportedMethods() {
		Response response = http.get("/.well-known/openid-configuration", null);

		assertThat(response.status()).isEqualTo(200);
		JsonNode metadata = response.json();
		assertThat(metadata.get("issuer").asString()).isEqualTo(server.baseUrl());
		assertThat(texts(metadata, "token_endpoint_auth_methods_supported")).containsExactly("client_secret_basic",
				"client_secret_post", "private_key_jwt", "none");
		assertThat(texts(metadata, "introspection_endpoint_auth_methods_supported"))
			.containsExactly("client_secret_basic", "client_secret_post", "private_key_jwt");
		assertThat(texts(metadata, "grant_types_supported")).containsExactly("authorization_code", "client_credentials",
				"refresh_token", "urn:ietf:params:oauth:grant-type:device_code");
		assertThat(texts(metadata, "code_challenge_methods_supported")).containsExactly("S256");
		assertThat(texts(metadata, "response_types_supported")).containsExactly("code");
		assertThat(texts(metadata, "scopes_supported")).contains("openid", "llm.chat");
		assertThat(metadata.has("tls_client_certificate_bound_access_tokens")).isFalse();
		assertThat(metadata.get("pushed_authorization_request_endpoint").asString())
			.isEqualTo(server.baseUrl() + "/oauth2/par");
	}

	@Test
	void oauthAuthorizationServerMetadataThenSameCorrections() {
		JsonNode metadata = http.get("/.well-known/oauth-authorization-server", null).json();

		assertThat(texts(metadata, "revocation_endpoint_auth_methods_supported")).containsExactly("client_secret_basic",
				"client_secret_post", "private_key_jwt");
		assertThat(metadata.has("tls_client_certificate_bound_access_tokens")).isFalse();
	}

	@Test
	void pushedAuthorizationRequestWhenPublicClientWithPkceThenRequestUri() {
		Response response = http.postForm("/oauth2/par", null,
				form("client_id", "demo-app", "response_type", "code", "redirect_uri", "http://127.0.0.1:8080/callback",
						"scope", "openid", "state", "s1", "code_challenge",
						"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "code_challenge_method", "S256"));

		assertThat(response.status()).as(response.body()).isEqualTo(201);
		assertThat(response.field("request_uri")).startsWith("urn:ietf:params:oauth:request_uri:");
		assertThat(response.json().get("expires_in").asInt()).isPositive();
	}

	@Test
	void pushedAuthorizationRequestWhenPkceMissingThenInvalidRequest() {
		Response response = http.postForm("/oauth2/par", null, form("client_id", "demo-app", "response_type", "code",
				"redirect_uri", "http://127.0.0.1:8080/callback", "scope", "openid"));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.field("error")).isEqualTo("invalid_request");
		assertThat(response.field("error_description")).isEqualTo("OAuth 2.0 Parameter: code_challenge");
	}

	private static List<String> texts(JsonNode metadata, String name) {
		List<String> values = new ArrayList<>();
		metadata.get(name).forEach((value) -> values.add(value.asString()));
		return values;
	}

}
