package dev.tollgate.auth.key;

import java.text.ParseException;
import java.util.Map;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.Jwts;
import dev.tollgate.auth.support.TestAuthServer;
import dev.tollgate.auth.support.TestDatabase;
import dev.tollgate.auth.support.Tokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JWKS endpoint (RFC 7517 section 5): public keys only, cacheable for the configured
 * lifetime, with an entity tag for conditional requests; RS256 keys of 2048 bits by
 * default, ES256 by configuration.
 */
class JwksEndpointTests {

	private static Http http;

	@BeforeAll
	static void startServer() {
		http = new Http(TestAuthServer.shared().baseUrl());
	}

	@Test
	void jwksWhenRequestedThenPublicRsaKeysCacheableForTheCacheLifetimeWithAnEntityTag() throws ParseException {
		Response response = http.get("/oauth2/jwks", null);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Content-Type")).isEqualTo("application/json");
		assertThat(response.header("Cache-Control")).isEqualTo("public, max-age=900");
		assertThat(response.header("Pragma")).isNull();
		assertThat(response.header("ETag")).matches("\"[A-Za-z0-9_-]{43}\"");
		JWKSet jwks = JWKSet.parse(response.body());
		assertThat(jwks.getKeys()).isNotEmpty().allSatisfy((key) -> {
			assertThat(key.isPrivate()).isFalse();
			assertThat(key.getAlgorithm().getName()).isEqualTo("RS256");
			assertThat(((RSAKey) key).size()).isGreaterThanOrEqualTo(2048);
		});
	}

	@Test
	void jwksWhenIfNoneMatchNamesTheCurrentEntityTagThenNotModifiedWithoutBody() {
		String etag = http.get("/oauth2/jwks", null).header("ETag");

		Response response = http.send("/oauth2/jwks", "GET", null, "If-None-Match", etag);

		assertThat(response.status()).isEqualTo(304);
		assertThat(response.body()).isEmpty();
		assertThat(response.header("ETag")).isEqualTo(etag);
		assertThat(response.header("Cache-Control")).isEqualTo("public, max-age=900");
	}

	@Test
	void jwksWhenIfNoneMatchNamesAnOldEntityTagThenTheKeys() {
		Response response = http.send("/oauth2/jwks", "GET", null, "If-None-Match", "\"an-older-key-set\"");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("\"keys\"");
	}

	@Test
	void startWhenAlgorithmIsEs256ThenTokensAreSignedWithAP256KeyAndDiscoveryNamesEs256() throws ParseException {
		try (TestAuthServer server = TestAuthServer.start(TestDatabase.newDatabase(),
				Map.of("tollgate.keys.algorithm", "ES256"))) {
			Http es256 = new Http(server.baseUrl());

			String token = Tokens.service(es256);

			assertThat(Jwts.parse(token).getHeader().getAlgorithm().getName()).isEqualTo("ES256");
			JWK key = JWKSet.parse(es256.get("/oauth2/jwks", null).body()).getKeyByKeyId(Jwts.kid(token));
			assertThat(key).isInstanceOf(ECKey.class);
			assertThat(((ECKey) key).getCurve().getName()).isEqualTo("P-256");
			assertThat(Jwts.jwksDecoder(server.baseUrl()).decode(token).getSubject()).isEqualTo("demo-service");
			assertThat(es256.get("/.well-known/openid-configuration", null)
				.json()
				.get("id_token_signing_alg_values_supported")
				.toString()).isEqualTo("[\"ES256\"]");
		}
	}

}
