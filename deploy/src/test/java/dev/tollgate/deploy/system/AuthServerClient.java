package dev.tollgate.deploy.system;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.tollgate.deploy.system.Http.Response;

import static dev.tollgate.deploy.system.Http.basic;
import static dev.tollgate.deploy.system.Http.bearer;
import static dev.tollgate.deploy.system.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a test does at one auth-server instance, over its public endpoints only, as the
 * README's demo clients: tokens, introspection, revocation and the admin API.
 */
final class AuthServerClient {

	static final String SERVICE = basic("demo-service", "demo-service-secret");

	static final String ADMIN = basic("demo-admin", "demo-admin-secret");

	private static final JsonMapper json = JsonMapper.builder().build();

	private final String baseUrl;

	private final Http http;

	AuthServerClient(String baseUrl, Http http) {
		this.baseUrl = baseUrl;
		this.http = http;
	}

	AuthServerClient(JarProcess server) {
		this(server.baseUrl(), Http.create());
	}

	String baseUrl() {
		return this.baseUrl;
	}

	/** A client_credentials token request of demo-service, answered as it is. */
	Response requestServiceToken() {
		return this.http.postForm(this.baseUrl + "/oauth2/token", SERVICE,
				form("grant_type", "client_credentials", "scope", "llm.chat"));
	}

	/** An access token of demo-service, with scope llm.chat and its quota claim. */
	String serviceToken() {
		return accessToken(requestServiceToken());
	}

	/** The revocation feed since 0, read as the gateway's client demo-gateway. */
	Response revocationFeed() {
		String token = accessToken(this.http.postForm(this.baseUrl + "/oauth2/token",
				basic(Launch.GATEWAY_CLIENT_ID, "demo-gateway-secret"),
				form("grant_type", "client_credentials", "scope", "revocations.read")));
		return this.http.get(this.baseUrl + "/oauth2/revocations?since=0", bearer(token));
	}

	String adminToken() {
		return accessToken(this.http.postForm(this.baseUrl + "/oauth2/token", ADMIN,
				form("grant_type", "client_credentials", "scope", "admin")));
	}

	/** RFC 7662 introspection as demo-service. */
	Response introspect(String token) {
		return this.http.postForm(this.baseUrl + "/oauth2/introspect", SERVICE, form("token", token));
	}

	boolean isActive(String token) {
		Response introspection = introspect(token);
		assertThat(introspection.status()).as(introspection.body()).isEqualTo(200);
		return introspection.json().get("active").asBoolean();
	}

	/** RFC 7009 revocation by the client the token was issued to. */
	Response revoke(String token, String clientAuthorization) {
		return this.http.postForm(this.baseUrl + "/oauth2/revoke", clientAuthorization, form("token", token));
	}

	/** An admin API call without a body ({@code POST} of an action). */
	Response adminPost(String path) {
		return this.http.post(this.baseUrl + "/admin/v1" + path, bearer(adminToken()));
	}

	Response adminGet(String path) {
		return this.http.get(this.baseUrl + "/admin/v1" + path, bearer(adminToken()));
	}

	/** Sets a client's LLM quota policy (the {@code llm} claim of its next tokens). */
	void putQuota(String clientId, String policy) {
		Response answer = this.http.putJson(this.baseUrl + "/admin/v1/clients/" + clientId + "/quota",
				bearer(adminToken()), policy);
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
	}

	/** The kids of the signing keys in state {@code active}, from the admin API. */
	List<String> activeKids() {
		Response keys = adminGet("/keys");
		assertThat(keys.status()).as(keys.body()).isEqualTo(200);
		List<String> active = new ArrayList<>();
		for (JsonNode key : keys.json().get("items")) {
			if (key.get("state").asString().equals("active")) {
				active.add(key.get("kid").asString());
			}
		}
		return active;
	}

	/** The kids the JWKS publishes. */
	List<String> publishedKids() {
		Response jwks = this.http.get(this.baseUrl + "/oauth2/jwks", null);
		assertThat(jwks.status()).isEqualTo(200);
		List<String> kids = new ArrayList<>();
		jwks.json().get("keys").forEach((key) -> kids.add(key.get("kid").asString()));
		return kids;
	}

	static String accessToken(Response tokenResponse) {
		assertThat(tokenResponse.status()).as("token response").isEqualTo(200);
		return tokenResponse.field("access_token");
	}

	/** The {@code kid} of a JWT's header, read without verifying it. */
	static String kidOf(String jwt) {
		return header(jwt).get("kid").asString();
	}

	/** A claim of a JWT, read without verifying it. */
	static JsonNode claim(String jwt, String name) {
		return json.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1])).get(name);
	}

	private static JsonNode header(String jwt) {
		return json.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]));
	}

}
