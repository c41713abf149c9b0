package dev.tollgate.auth.client;

import java.time.Duration;
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

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

import static dev.tollgate.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client authentication with {@code private_key_jwt} (RFC 7523 section 2.2, OIDC Core
 * section 9): the client signs an assertion with its own key, which the server finds in
 * the client's JWKS.
 */
class PrivateKeyJwtClientAuthenticationTests {

	private static final String CLIENT_ID = "jwt-service";

	private static final String ASSERTION_TYPE = ClientAssertions.ASSERTION_TYPE;

	private static TestAuthServer server;

	private static Http http;

	private static HttpServer clientJwks;

	private static RSAKey clientKey;

	@BeforeAll
	static void registerClientWithItsJwks() throws Exception {
		clientKey = new RSAKeyGenerator(2048).keyID("client-key-1").generate();
		clientJwks = ClientAssertions.serveJwks(clientKey);
		server = TestAuthServer.shared();
		http = new Http(server.baseUrl());

		server.bean(RegisteredClientRepository.class)
			.save(RegisteredClient.withId(UUID.randomUUID().toString())
				.clientId(CLIENT_ID)
				.clientName("JWT-authenticated service")
				.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
				.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
				.scope("llm.chat")
				.clientSettings(ClientSettings.builder()
					.jwkSetUrl(ClientAssertions.jwksUri(clientJwks))
					.tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.RS256)
					.build())
				.tokenSettings(TokenSettings.builder().accessTokenTimeToLive(Duration.ofMinutes(5)).build())
				.build());
	}

	@AfterAll
	static void stopJwks() {
		clientJwks.stop(0);
	}

	@Test
	void tokenWhenAssertionSignedByRegisteredKeyThenIssued() throws JOSEException {
		Response response = http.postForm("/oauth2/token", null, form("grant_type", "client_credentials", "client_id",
				CLIENT_ID, "client_assertion_type", ASSERTION_TYPE, "client_assertion", assertion(clientKey)));

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(Jwts.verifiedClaims(http, response.field("access_token"))).containsEntry("client_id", CLIENT_ID)
			.containsEntry("scope", "llm.chat");
	}

	@Test
	void tokenWhenAssertionSignedByAnotherKeyThenInvalidClient() throws JOSEException {
		RSAKey otherKey = new RSAKeyGenerator(2048).keyID("client-key-1").generate();

		Response response = http.postForm("/oauth2/token", null, form("grant_type", "client_credentials", "client_id",
				CLIENT_ID, "client_assertion_type", ASSERTION_TYPE, "client_assertion", assertion(otherKey)));

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.field("error")).isEqualTo("invalid_client");
	}

	@Test
	void tokenWhenAssertionIsNotAJwtThenInvalidClient() {
		Response response = http.postForm("/oauth2/token", null, form("grant_type", "client_credentials", "client_id",
				CLIENT_ID, "client_assertion_type", ASSERTION_TYPE, "client_assertion", "not-a-jwt"));

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.field("error")).isEqualTo("invalid_client");
	}

	private static String assertion(RSAKey key) throws JOSEException {
		return ClientAssertions.assertion(key, CLIENT_ID, server.baseUrl() + "/oauth2/token");
	}

}
