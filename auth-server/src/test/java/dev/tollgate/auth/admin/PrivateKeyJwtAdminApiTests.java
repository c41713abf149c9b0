package dev.tollgate.auth.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import dev.tollgate.auth.support.ClientAssertions;
import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.Jwts;
import dev.tollgate.auth.support.TestAuthServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.tollgate.auth.admin.AdminApi.assertFieldProblem;
import static dev.tollgate.auth.admin.AdminApi.newClientId;
import static dev.tollgate.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code private_key_jwt} client (RFC 7523 section 2.2) registered through the admin
 * API with its {@code jwks_uri} (RFC 7591 section 2), used end to end over HTTP: a
 * client_credentials token for a signed assertion, and the refusals of an assertion that
 * is not the client's.
 */
class PrivateKeyJwtAdminApiTests {

	private static final String INVALID_CLIENT = "{\"error\":\"invalid_client\",\"error_description\":"
			+ "\"Client authentication failed: unknown client, wrong credentials, or an authentication method the"
			+ " client is not registered for\"}";

	private static Http http;

	private static AdminApi api;

	private static String tokenEndpoint;

	private static RSAKey key;

	private static RSAKey nextKey;

	private static HttpServer jwks;

	private static HttpServer nextJwks;

	@BeforeAll
	static void serveTheClientsKeys() throws JOSEException {
		TestAuthServer server = TestAuthServer.shared();
		http = new Http(server.baseUrl());
		api = new AdminApi(http);
		tokenEndpoint = server.baseUrl() + "/oauth2/token";
		key = new RSAKeyGenerator(2048).keyID("key-1").generate();
		nextKey = new RSAKeyGenerator(2048).keyID("key-2").generate();
		jwks = ClientAssertions.serveJwks(key);
		nextJwks = ClientAssertions.serveJwks(nextKey);
	}

	@AfterAll
	static void stopJwks() {
		jwks.stop(0);
		nextJwks.stop(0);
	}

	@Test
	void createWhenPrivateKeyJwtWithJwksUriThenNoSecretAndTokenForASignedAssertion() throws JOSEException {
		String clientId = newClientId("jwt");

		Response created = create(clientId, ClientAssertions.jwksUri(jwks));
		Response token = tokenRequest(clientId, ClientAssertions.assertion(key, clientId, tokenEndpoint));

		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(created.field("token_endpoint_auth_method")).isEqualTo("private_key_jwt");
		assertThat(created.field("jwks_uri")).isEqualTo(ClientAssertions.jwksUri(jwks));
		assertThat(created.field("token_endpoint_auth_signing_alg")).isEqualTo("RS256");
		assertThat(created.json().has("client_secret")).isFalse();
		assertThat(token.status()).as(token.body()).isEqualTo(200);
		assertThat(Jwts.verifiedClaims(http, token.field("access_token"))).containsEntry("client_id", clientId)
			.containsEntry("sub", clientId)
			.containsEntry("aud", "llm-gateway");
	}

	@Test
	void tokenWhenAssertionSignedWithAKeyNotInTheJwksThenInvalidClient() throws JOSEException {
		String clientId = newClientId("jwt");
		create(clientId, ClientAssertions.jwksUri(jwks));

		Response response = tokenRequest(clientId, ClientAssertions.assertion(nextKey, clientId, tokenEndpoint));

		assertInvalidClient(response);
	}

	@Test
	void tokenWhenAssertionExpiredThenInvalidClient() throws JOSEException {
		String clientId = newClientId("jwt");
		create(clientId, ClientAssertions.jwksUri(jwks));
		// Past the 60 seconds of clock skew that Spring's timestamp check allows.
		String expired = ClientAssertions.assertion(key, clientId, tokenEndpoint, Instant.now().minusSeconds(300),
				Duration.ofMinutes(2), UUID.randomUUID().toString());

		Response response = tokenRequest(clientId, expired);

		assertInvalidClient(response);
	}

	@Test
	void tokenWhenAssertionForAnotherAudienceOrIssuedByAnotherClientThenInvalidClient() throws JOSEException {
		String clientId = newClientId("jwt");
		create(clientId, ClientAssertions.jwksUri(jwks));

		Response otherAudience = tokenRequest(clientId,
				ClientAssertions.assertion(key, clientId, "https://other-server.example/oauth2/token"));
		Response otherIssuer = tokenRequest(clientId, ClientAssertions.assertion(key, "demo-service", tokenEndpoint));

		assertInvalidClient(otherAudience);
		assertInvalidClient(otherIssuer);
	}

	/**
	 * Each assertion authenticates once (ClientAssertionJtis): a replay within its
	 * lifetime is refused like any other bad assertion, and leaves the client's next
	 * assertion alone.
	 */
	@Test
	void tokenWhenAssertionReplayedWithinItsLifetimeThenInvalidClient() throws JOSEException {
		String clientId = newClientId("jwt");
		create(clientId, ClientAssertions.jwksUri(jwks));
		String assertion = ClientAssertions.assertion(key, clientId, tokenEndpoint);
		assertThat(tokenRequest(clientId, assertion).status()).isEqualTo(200);

		Response replayed = tokenRequest(clientId, assertion);
		Response next = tokenRequest(clientId, ClientAssertions.assertion(key, clientId, tokenEndpoint));

		assertInvalidClient(replayed);
		assertThat(next.status()).as(next.body()).isEqualTo(200);
	}

	@Test
	void tokenWhenAssertionHasNoJtiThenInvalidClient() throws JOSEException {
		String clientId = newClientId("jwt");
		create(clientId, ClientAssertions.jwksUri(jwks));

		Response response = tokenRequest(clientId,
				ClientAssertions.assertion(key, clientId, tokenEndpoint, Instant.now(), Duration.ofMinutes(1), null));

		assertInvalidClient(response);
	}

	/** A jti is the client's own: another client may send the same value. */
	@Test
	void tokenWhenTwoClientsSendTheSameJtiThenBothIssued() throws JOSEException {
		String first = newClientId("jwt");
		String second = newClientId("jwt");
		create(first, ClientAssertions.jwksUri(jwks));
		create(second, ClientAssertions.jwksUri(jwks));
		String jti = UUID.randomUUID().toString();

		Response firstAnswer = tokenRequest(first,
				ClientAssertions.assertion(key, first, tokenEndpoint, Instant.now(), Duration.ofMinutes(1), jti));
		Response secondAnswer = tokenRequest(second,
				ClientAssertions.assertion(key, second, tokenEndpoint, Instant.now(), Duration.ofMinutes(1), jti));

		assertThat(firstAnswer.status()).as(firstAnswer.body()).isEqualTo(200);
		assertThat(secondAnswer.status()).as(secondAnswer.body()).isEqualTo(200);
	}

	@Test
	void patchWhenJwksUriChangedThenTheNewKeysAreUsedAtOnce() throws JOSEException {
		String clientId = newClientId("jwt");
		create(clientId, ClientAssertions.jwksUri(jwks));
		assertThat(tokenRequest(clientId, ClientAssertions.assertion(key, clientId, tokenEndpoint)).status())
			.isEqualTo(200);

		Response patched = api.patch(clientId, "{\"jwks_uri\":\"" + ClientAssertions.jwksUri(nextJwks) + "\"}");

		assertThat(patched.status()).as(patched.body()).isEqualTo(200);
		Response withNextKey = tokenRequest(clientId, ClientAssertions.assertion(nextKey, clientId, tokenEndpoint));
		assertThat(withNextKey.status()).as(withNextKey.body()).isEqualTo(200);
		assertInvalidClient(tokenRequest(clientId, ClientAssertions.assertion(key, clientId, tokenEndpoint)));
	}

	@Test
	void createWhenPrivateKeyJwtWithoutJwksUriOrWithInlineJwksThenProblemNamingTheField() {
		Response withoutUri = api.create("{\"client_id\":\"" + newClientId("jwt") + "\",\"grant_types\":"
				+ "[\"client_credentials\"],\"scope\":\"llm.chat\",\"token_endpoint_auth_method\":\"private_key_jwt\"}");
		Response inline = api.create("{\"client_id\":\"" + newClientId("jwt") + "\",\"grant_types\":"
				+ "[\"client_credentials\"],\"scope\":\"llm.chat\",\"token_endpoint_auth_method\":\"private_key_jwt\","
				+ "\"jwks\":{\"keys\":[]}}");

		assertFieldProblem(withoutUri, 400, "jwks_uri", "jwks_uri: is required for private_key_jwt");
		assertFieldProblem(inline, 400, "jwks",
				"jwks: is not supported; publish the client's keys at a jwks_uri instead");
	}

	private static Response create(String clientId, String jwksUri) {
		Response created = api.create("{\"client_id\":\"" + clientId + "\",\"grant_types\":[\"client_credentials\"],"
				+ "\"scope\":\"llm.chat\",\"token_endpoint_auth_method\":\"private_key_jwt\",\"jwks_uri\":\"" + jwksUri
				+ "\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created;
	}

	private static Response tokenRequest(String clientId, String assertion) {
		List<String[]> parameters = form("grant_type", "client_credentials", "client_id", clientId,
				"client_assertion_type", ClientAssertions.ASSERTION_TYPE, "client_assertion", assertion);
		return http.postForm("/oauth2/token", null, parameters);
	}

	private static void assertInvalidClient(Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(401);
		JsonNode expected = new Response(401, Map.of(), INVALID_CLIENT).json();
		assertThat(response.json()).isEqualTo(expected);
	}

}
