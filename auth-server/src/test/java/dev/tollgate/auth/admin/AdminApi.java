package dev.tollgate.auth.admin;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.Jwts;
import dev.tollgate.auth.support.Tokens;
import tools.jackson.databind.JsonNode;

import static dev.tollgate.auth.support.Http.basic;
import static dev.tollgate.auth.support.Http.bearer;
import static dev.tollgate.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API as its tests call it: a client registered over HTTP, and what a resource
 * server would see of a token afterwards (introspection, the revocation feed).
 */
final class AdminApi {

	static final String CLIENTS = "/admin/v1/clients";

	private static final AtomicInteger counter = new AtomicInteger();

	private final Http http;

	private final String admin;

	AdminApi(Http http) {
		this.http = http;
		this.admin = bearer(Tokens.admin(http));
	}

	String admin() {
		return this.admin;
	}

	/** A client_id no other test uses. */
	static String newClientId(String prefix) {
		return prefix + "-" + counter.incrementAndGet() + "-" + System.nanoTime() % 100_000;
	}

	/** A confidential client_credentials client; answers the create response. */
	Response createService(String clientId) {
		return create("{\"client_id\":\"" + clientId + "\",\"grant_types\":[\"client_credentials\"],"
				+ "\"scope\":\"llm.chat\"}");
	}

	Response create(String body) {
		return this.http.post(CLIENTS, this.admin, "application/json", body);
	}

	Response patch(String clientId, String body) {
		return this.http.json("PATCH", CLIENTS + "/" + clientId, this.admin, "application/merge-patch+json", body);
	}

	/** An access token of the client from the client_credentials grant. */
	String token(String clientId, String secret) {
		return Tokens.issue(this.http, basic(clientId, secret));
	}

	/** Whether introspection (as demo-service) holds the token active. */
	boolean active(String token) {
		Response response = this.http.postForm("/oauth2/introspect", Tokens.SERVICE, form("token", token));
		assertThat(response.status()).isEqualTo(200);
		return response.json().get("active").asBoolean();
	}

	/** The jti of every token the revocation feed lists now. */
	List<String> revokedJtis() {
		String feedToken = Tokens.issue(this.http, basic("demo-gateway", "demo-gateway-secret"));
		Response feed = this.http.get("/oauth2/revocations?since=0", bearer(feedToken));
		assertThat(feed.status()).isEqualTo(200);
		List<String> jtis = new ArrayList<>();
		for (JsonNode token : feed.json().get("revoked_tokens")) {
			jtis.add(token.get("jti").asString());
		}
		return jtis;
	}

	static String jti(String token) {
		try {
			return Jwts.parse(token).getJWTClaimsSet().getJWTID();
		}
		catch (ParseException ex) {
			throw new AssertionError(ex);
		}
	}

	static void assertFieldProblem(Response response, int status, String field, String detail) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(response.field("field")).isEqualTo(field);
		assertThat(response.field("detail")).isEqualTo(detail);
	}

}
