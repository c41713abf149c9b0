package dev.tollgate.auth.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
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

	private static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

	private static TestAuthServer server;

	private static Http http;

	private static HttpServer clientJwks;

	private static RSAKey clientKey;

	@BeforeAll
	static void registerClientWithItsJwks() throws Exception {
		clientKey = new RSAKeyGenerator(2048).keyID("client-key-1").generate();
		clientJwks = serveJwks(new JWKSet(clientKey.toPublicJWK()));
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
					.jwkSetUrl("http://127.0.0.1:" + clientJwks.getAddress().getPort() + "/jwks")
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
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(CLIENT_ID)
			.subject(CLIENT_ID)
			.audience(server.baseUrl() + "/oauth2/token")
			.jwtID(UUID.randomUUID().toString())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(60)))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

	private static HttpServer serveJwks(JWKSet jwks) throws IOException {
		HttpServer jwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		byte[] body = jwks.toString().getBytes(StandardCharsets.UTF_8);
		jwksServer.createContext("/jwks", (exchange) -> {
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		jwksServer.start();
		return jwksServer;
	}

}
