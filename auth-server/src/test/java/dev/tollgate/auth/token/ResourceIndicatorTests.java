package dev.tollgate.auth.token;

import java.text.ParseException;
import java.util.List;
import java.util.Map;

import dev.tollgate.auth.support.CodeFlow;
import dev.tollgate.auth.support.Consents;
import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.Jwts;
import dev.tollgate.auth.support.TestAuthServer;
import dev.tollgate.auth.support.TestDatabase;
import dev.tollgate.auth.support.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static dev.tollgate.auth.support.Http.basic;
import static dev.tollgate.auth.support.Http.bearer;
import static dev.tollgate.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 8707 resource indicators over HTTP: {@code resource} on the client_credentials,
 * authorization_code and refresh_token grants and on the authorization request, plain and
 * pushed. The server maps two scopes to two resource servers: {@code llm.chat} to
 * DESIGN.md's {@code llm-gateway}, {@code llm.embed} to an absolute URI.
 */
class ResourceIndicatorTests {

	private static final String EMBEDDINGS = "https://embeddings.example/";

	private static final String REDIRECT_URI = "https://app.example/callback";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static TestAuthServer server;

	private static Http http;

	private static String service;

	private static String app;

	@BeforeAll
	static void startServerWithTwoResourceServers() {
		server = TestAuthServer.start(TestDatabase.newDatabase(), Map.of("tollgate.tokens.audiences.llm.chat",
				"llm-gateway", "tollgate.tokens.audiences.llm.embed", EMBEDDINGS));
		http = new Http(server.baseUrl());
		service = register("{\"client_id\":\"resource-service\",\"grant_types\":[\"client_credentials\"],"
				+ "\"scope\":\"llm.chat llm.embed\"}");
		app = register("{\"client_id\":\"resource-app\",\"grant_types\":[\"authorization_code\",\"refresh_token\"],"
				+ "\"redirect_uris\":[\"" + REDIRECT_URI + "\"],\"scope\":\"llm.chat llm.embed\"}");
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void clientCredentialsWhenNoResourceThenAudienceIsEveryResourceServerOfTheScopes() {
		Response response = clientCredentials("scope", "llm.chat llm.embed");

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(audience(response)).containsExactly("llm-gateway", EMBEDDINGS);
	}

	@Test
	void clientCredentialsWhenOneResourceThenAudienceIsThatOneAndScopeUnchanged() {
		Response response = clientCredentials("scope", "llm.chat llm.embed", "resource", EMBEDDINGS);

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(audience(response)).containsExactly(EMBEDDINGS);
		assertThat(response.field("scope").split(" ")).containsExactlyInAnyOrder("llm.chat", "llm.embed");
	}

	@Test
	void clientCredentialsWhenTwoResourcesThenAudienceIsBoth() {
		Response response = clientCredentials("resource", EMBEDDINGS, "resource", "llm-gateway");

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(audience(response)).containsExactly(EMBEDDINGS, "llm-gateway");
	}

	@Test
	void clientCredentialsWhenResourceOfAScopeNotRequestedThenInvalidTarget() {
		Response response = clientCredentials("scope", "llm.chat", "resource", EMBEDDINGS);

		assertInvalidTarget(response, "The resource 'https://embeddings.example/' is not a resource server that the"
				+ " scopes of this request belong to; this request may name: llm-gateway");
	}

	@Test
	void clientCredentialsWhenResourceUnknownThenInvalidTarget() {
		Response response = clientCredentials("resource", "llm-gateway", "resource", "https://other.example/");

		assertInvalidTarget(response, "The resource 'https://other.example/' is not a resource server that the scopes"
				+ " of this request belong to; this request may name: llm-gateway, https://embeddings.example/");
	}

	@Test
	void clientCredentialsWhenResourceNotAnAbsoluteUriOrWithFragmentThenInvalidTarget() {
		Response relative = clientCredentials("scope", "llm.chat", "resource", "embeddings");
		Response fragment = clientCredentials("scope", "llm.chat", "resource", EMBEDDINGS + "#v1");

		assertInvalidTarget(relative, "The resource 'embeddings' is not an absolute URI without a fragment"
				+ " (RFC 8707 section 2); this request may name: llm-gateway");
		assertInvalidTarget(fragment, "The resource 'https://embeddings.example/#v1' is not an absolute URI without a"
				+ " fragment (RFC 8707 section 2); this request may name: llm-gateway");
	}

	@Test
	void clientCredentialsWhenScopesBelongToNoResourceServerThenInvalidTarget() {
		Response response = http.postForm("/oauth2/token", Tokens.ADMIN,
				form("grant_type", "client_credentials", "resource", "llm-gateway"));

		assertInvalidTarget(response, "The resource 'llm-gateway' is not a resource server that the scopes of this"
				+ " request belong to; the scopes of this request belong to no resource server");
	}

	@Test
	void codeWhenAuthorizationRequestNamesResourceThenTokensOfTheGrantAreBoundToIt() {
		CodeFlow flow = aliceWithoutConsent();
		Map<String, String> redirect = flow.consent(
				flow.authorize("resource-app", REDIRECT_URI, "scope", "llm.chat llm.embed", "resource", EMBEDDINGS),
				"llm.chat", "llm.embed");

		Response tokens = exchange(flow, redirect.get("code"));
		Response refreshed = refresh(tokens.field("refresh_token"));
		Response widened = refresh(refreshed.field("refresh_token"), "resource", "llm-gateway");

		assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
		assertThat(audience(tokens)).containsExactly(EMBEDDINGS);
		assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
		assertThat(audience(refreshed)).containsExactly(EMBEDDINGS);
		assertInvalidTarget(widened, "The resource 'llm-gateway' was not named in the authorization request, and a"
				+ " token request may only narrow those; this request may name: https://embeddings.example/");
	}

	@Test
	void codeWhenAuthorizationRequestNamesTwoResourcesThenTokenRequestsNarrowEachTime() {
		CodeFlow flow = aliceWithoutConsent();
		Map<String, String> redirect = flow.consent(flow.authorize("resource-app", REDIRECT_URI, "scope",
				"llm.chat llm.embed", "resource", "llm-gateway", "resource", EMBEDDINGS), "llm.chat", "llm.embed");

		Response tokens = exchange(flow, redirect.get("code"), "resource", "llm-gateway");
		Response refreshed = refresh(tokens.field("refresh_token"));
		Response narrowed = refresh(refreshed.field("refresh_token"), "resource", EMBEDDINGS);

		assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
		assertThat(audience(tokens)).containsExactly("llm-gateway");
		assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
		assertThat(audience(refreshed)).containsExactly("llm-gateway", EMBEDDINGS);
		assertThat(narrowed.status()).as(narrowed.body()).isEqualTo(200);
		assertThat(audience(narrowed)).containsExactly(EMBEDDINGS);
	}

	@Test
	void codeWhenTokenRequestWidensThenInvalidTargetAndTheCodeStaysUsable() {
		CodeFlow flow = aliceWithoutConsent();
		Map<String, String> redirect = flow.consent(
				flow.authorize("resource-app", REDIRECT_URI, "scope", "llm.chat llm.embed", "resource", "llm-gateway"),
				"llm.chat", "llm.embed");

		Response widened = exchange(flow, redirect.get("code"), "resource", EMBEDDINGS);
		Response asAuthorized = exchange(flow, redirect.get("code"));

		assertInvalidTarget(widened, "The resource 'https://embeddings.example/' was not named in the authorization"
				+ " request, and a token request may only narrow those; this request may name: llm-gateway");
		assertThat(asAuthorized.status()).as(asAuthorized.body()).isEqualTo(200);
		assertThat(audience(asAuthorized)).containsExactly("llm-gateway");
	}

	@Test
	void codeWhenUserAllowsFewerScopesThenResourcesOfTheOthersLeaveTheAudience() {
		CodeFlow flow = aliceWithoutConsent();
		Map<String, String> redirect = flow.consent(flow.authorize("resource-app", REDIRECT_URI, "scope",
				"llm.chat llm.embed", "resource", "llm-gateway", "resource", EMBEDDINGS), "llm.chat");

		Response tokens = exchange(flow, redirect.get("code"));

		assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
		assertThat(tokens.field("scope")).isEqualTo("llm.chat");
		assertThat(audience(tokens)).containsExactly("llm-gateway");
	}

	@Test
	void authorizeWhenResourceNotOfTheRequestedScopesThenErrorRedirectedToClient() {
		CodeFlow flow = aliceWithoutConsent();

		Response response = flow.authorize("resource-app", REDIRECT_URI, "scope", "llm.chat", "resource", EMBEDDINGS);

		assertThat(response.status()).isEqualTo(302);
		Map<String, String> redirect = CodeFlow.query(response.header("Location"));
		assertThat(response.header("Location")).startsWith(REDIRECT_URI + "?error=invalid_target&");
		assertThat(redirect)
			.containsEntry("error_description", "The resource 'https://embeddings.example/' is not a"
					+ " resource server that the scopes of this request belong to; this request may name: llm-gateway")
			.containsKey("state")
			.doesNotContainKey("code");
	}

	@Test
	void pushedAuthorizationRequestWhenResourceMalformedThenInvalidTarget() {
		Response response = http.postForm("/oauth2/par", basic("resource-app", app),
				form("response_type", "code", "client_id", "resource-app", "redirect_uri", REDIRECT_URI, "scope",
						"llm.chat", "code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
						"code_challenge_method", "S256", "resource", "llm gateway"));

		assertInvalidTarget(response, "The resource 'llm gateway' is not an absolute URI without a fragment"
				+ " (RFC 8707 section 2); this request may name: llm-gateway");
	}

	/** Alice signed in, and asked for her consent again whichever test ran before. */
	private static CodeFlow aliceWithoutConsent() {
		Consents.forget(server, "resource-app", "alice");
		return CodeFlow.signedIn(server.baseUrl(), "alice", "alice-password");
	}

	private static Response clientCredentials(String... namesAndValues) {
		List<String[]> parameters = form("grant_type", "client_credentials");
		parameters.addAll(form(namesAndValues));
		return http.postForm("/oauth2/token", basic("resource-service", service), parameters);
	}

	private static Response exchange(CodeFlow flow, String code, String... namesAndValues) {
		List<String[]> parameters = form("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT_URI,
				"code_verifier", flow.codeVerifier());
		parameters.addAll(form(namesAndValues));
		return http.postForm("/oauth2/token", basic("resource-app", app), parameters);
	}

	private static Response refresh(String refreshToken, String... namesAndValues) {
		List<String[]> parameters = form("grant_type", "refresh_token", "refresh_token", refreshToken);
		parameters.addAll(form(namesAndValues));
		return http.postForm("/oauth2/token", basic("resource-app", app), parameters);
	}

	private static void assertInvalidTarget(Response response, String description) {
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.json()).isEqualTo(json
			.readTree(json.writeValueAsString(Map.of("error", "invalid_target", "error_description", description))));
	}

	private static List<String> audience(Response tokenResponse) {
		try {
			return Jwts.parse(tokenResponse.field("access_token")).getJWTClaimsSet().getAudience();
		}
		catch (ParseException ex) {
			throw new AssertionError(ex);
		}
	}

	/** Registers a client through the admin API; answers its generated secret. */
	private static String register(String client) {
		Response created = http.post("/admin/v1/clients", bearer(Tokens.admin(http)), "application/json", client);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.field("client_secret");
	}

}
