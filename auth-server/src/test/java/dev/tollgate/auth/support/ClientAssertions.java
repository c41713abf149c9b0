package dev.tollgate.auth.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

/**
 * A {@code private_key_jwt} client's side of RFC 7523: its public keys served as a JWKS
 * on a local port (its {@code jwks_uri}), and the client assertions it signs.
 */
public final class ClientAssertions {

	/** RFC 7523 section 2.2. */
	public static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

	private ClientAssertions() {
	}

	/**
	 * Serves the keys' public parts at {@code http://127.0.0.1:<port>/jwks} until
	 * stopped.
	 */
	public static HttpServer serveJwks(RSAKey... keys) {
		List<JWK> publicKeys = Arrays.stream(keys).map(RSAKey::toPublicJWK).map(JWK.class::cast).toList();
		byte[] body = new JWKSet(publicKeys).toString().getBytes(StandardCharsets.UTF_8);
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/jwks", (exchange) -> {
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static String jwksUri(HttpServer jwks) {
		return "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks";
	}

	/** A fresh assertion: a new {@code jti}, issued now, valid for a minute. */
	public static String assertion(RSAKey key, String clientId, String audience) throws JOSEException {
		return assertion(key, clientId, audience, Instant.now(), Duration.ofMinutes(1), UUID.randomUUID().toString());
	}

	/**
	 * An assertion signed with {@code key}: {@code iss} and {@code sub} the client,
	 * {@code aud} the token endpoint (or the issuer).
	 */
	public static String assertion(RSAKey key, String clientId, String audience, Instant issuedAt, Duration lifetime,
			String jti) throws JOSEException {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(clientId)
			.subject(clientId)
			.audience(audience)
			.jwtID(jti)
			.issueTime(Date.from(issuedAt))
			.expirationTime(Date.from(issuedAt.plus(lifetime)))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

}
