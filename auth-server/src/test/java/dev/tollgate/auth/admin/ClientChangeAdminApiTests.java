package dev.tollgate.auth.admin;

import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.Pkce;
import dev.tollgate.auth.support.TestAuthServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.tollgate.auth.admin.AdminApi.CLIENTS;
import static dev.tollgate.auth.admin.AdminApi.assertFieldProblem;
import static dev.tollgate.auth.admin.AdminApi.newClientId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code PATCH /admin/v1/clients/{clientId}}: a JSON merge patch (RFC 7396) of a client's
 * metadata, checked like a new registration, and what it changes at the protocol
 * endpoints.
 */
class ClientChangeAdminApiTests {

	private static Http http;

	private static AdminApi api;

	@BeforeAll
	static void startServer() {
		http = new Http(TestAuthServer.shared().baseUrl());
		api = new AdminApi(http);
	}

	@Test
	void patchWhenRedirectUrisChangedThenAuthorizeAcceptsOnlyTheNewOnes() {
		String clientId = newClientId("web");
		api.create("{\"client_id\":\"" + clientId + "\",\"grant_types\":[\"authorization_code\"],"
				+ "\"redirect_uris\":[\"https://web.example/old\"],\"scope\":\"openid\"}");
		assertThat(authorize(clientId, "https://web.example/new").status()).isEqualTo(400);

		Response patched = api.patch(clientId, "{\"redirect_uris\":[\"https://web.example/new\"]}");

		assertThat(patched.status()).as(patched.body()).isEqualTo(200);
		assertThat(patched.json().get("redirect_uris").toString()).isEqualTo("[\"https://web.example/new\"]");
		Response accepted = authorize(clientId, "https://web.example/new");
		assertThat(accepted.status()).isEqualTo(302);
		assertThat(accepted.header("Location")).endsWith("/login");
		Response refused = authorize(clientId, "https://web.example/old");
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.field("error_description")).isEqualTo("OAuth 2.0 Parameter: redirect_uri");
	}

	@Test
	void patchWhenScopeNameAndLifetimesChangedThenReadBackAndAuditedByField() {
		String clientId = newClientId("svc");
		api.createService(clientId);

		Response patched = api.patch(clientId,
				"{\"client_name\":\"Renamed\",\"scope\":\"llm.chat admin\",\"access_token_ttl\":\"PT2M\"}");

		assertThat(patched.status()).isEqualTo(200);
		assertThat(patched.field("client_name")).isEqualTo("Renamed");
		assertThat(patched.field("scope")).isEqualTo("admin llm.chat");
		assertThat(patched.field("access_token_ttl")).isEqualTo("PT2M");
		assertThat(http.get(CLIENTS + "/" + clientId, api.admin()).body()).isEqualTo(patched.body());
		Response audit = http.get("/admin/v1/audit?type=client.changed&client_id=" + clientId, api.admin());
		assertThat(audit.json().get("items").get(0).get("details").toString())
			.isEqualTo("{\"changed\":[\"client_name\",\"scope\",\"access_token_ttl\"]}");
	}

	@Test
	void patchWhenFieldSetToNullThenItsDefaultApplies() {
		String clientId = newClientId("svc");
		api.create("{\"client_id\":\"" + clientId + "\",\"grant_types\":[\"client_credentials\"],"
				+ "\"scope\":\"llm.chat\",\"access_token_ttl\":\"PT1H\"}");

		Response patched = api.patch(clientId, "{\"access_token_ttl\":null}");

		assertThat(patched.field("access_token_ttl")).isEqualTo("PT5M");
	}

	@Test
	void patchWhenInvalidThenProblemNamingTheFieldAndNothingChanged() {
		String clientId = newClientId("svc");
		api.createService(clientId);
		String before = http.get(CLIENTS + "/" + clientId, api.admin()).body();

		assertFieldProblem(api.patch(clientId, "{\"grant_types\":[\"password\"]}"), 400, "grant_types",
				"grant_types: holds password, which OAuth 2.1 removed; use authorization_code with PKCE");
		assertFieldProblem(api.patch(clientId, "{\"client_id\":\"other\"}"), 400, "client_id",
				"client_id: cannot be changed; register a new client instead");
		assertFieldProblem(api.patch(clientId, "{\"token_endpoint_auth_method\":\"none\"}"), 400,
				"token_endpoint_auth_method",
				"token_endpoint_auth_method: cannot be changed; register a new client" + " instead");
		assertFieldProblem(api.patch(clientId, "{\"scope\":null}"), 400, "scope",
				"scope: is required: scope names separated by single spaces");
		assertFieldProblem(api.patch(clientId, "{\"grant_types\":[\"authorization_code\"]}"), 400, "redirect_uris",
				"redirect_uris: is required for authorization_code: at least one URI");
		assertFieldProblem(api.patch(clientId, "{\"colour\":\"red\"}"), 400, "colour",
				"colour: is not a field of a client; known fields are "
						+ String.join(", ", ClientRegistrationReader.FIELDS));
		assertFieldProblem(api.patch(clientId, "\"text\""), 400, "body",
				"body: must be a JSON object: a JSON merge patch (RFC 7396)");

		assertThat(http.get(CLIENTS + "/" + clientId, api.admin()).body()).isEqualTo(before);
	}

	private static Response authorize(String clientId, String redirectUri) {
		return http.send("/oauth2/authorize?response_type=code&client_id=" + clientId + "&redirect_uri=" + redirectUri
				+ "&scope=openid&state=s1&code_challenge=" + Pkce.s256().challenge() + "&code_challenge_method=S256",
				"GET", null, "Accept", "text/html");
	}

}
