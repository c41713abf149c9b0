package dev.tollgate.auth.key;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtEncodingException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The token signer on its own: what it writes into the JWS, with each provider setting
 * and algorithm, checked by the JDK's verifiers as a resource server would.
 */
class ActiveKeyJwtEncoderTests {

	private static final Instant ISSUED_AT = Instant.ofEpochSecond(1_780_000_000L);

	@ParameterizedTest(name = "{0} with {1}")
	@CsvSource({ "RS256, auto", "RS256, jdk", "ES256, auto", "ES256, jdk" })
	void encodeWhenAccessTokenThenTheJdkVerifiesItAndReadsEveryClaim(String algorithm, String provider)
			throws Exception {
		JWK key = generate(algorithm);
		ActiveKeyJwtEncoder encoder = new ActiveKeyJwtEncoder(() -> key, JwsSigners.of(provider));

		Jwt jwt = encoder.encode(JwtEncoderParameters
			.from(JwsHeader.with(SignatureAlgorithm.RS256).type("at+jwt").build(), accessTokenClaims()));

		SignedJWT parsed = SignedJWT.parse(jwt.getTokenValue());
		assertThat(parsed.verify((key instanceof ECKey ec) ? new ECDSAVerifier(ec.toPublicJWK())
				: new RSASSAVerifier(((RSAKey) key).toPublicJWK())))
			.isTrue();
		assertThat(parsed.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.parse(algorithm));
		assertThat(parsed.getHeader().getKeyID()).isEqualTo(key.getKeyID());
		assertThat(parsed.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
		Map<String, Object> claims = parsed.getJWTClaimsSet().toJSONObject();
		assertThat(claims).containsEntry("iss", "http://localhost:9000")
			.containsEntry("sub", "demo-service")
			.containsEntry("aud", "llm-gateway")
			.containsEntry("iat", ISSUED_AT.getEpochSecond())
			.containsEntry("exp", ISSUED_AT.plusSeconds(300).getEpochSecond())
			.containsEntry("scope", "llm.chat")
			.containsEntry("llm", Map.of("policy", "team-basic", "version", 3L, "models", List.of("echo-small")));
		assertThat(jwt.getHeaders()).containsEntry("kid", key.getKeyID());
		assertThat(jwt.getClaims()).isEqualTo(accessTokenClaims().getClaims());
	}

	@Test
	void encodeWhenEs256ThenTheSignatureIsTheJoseConcatenationOfRAndS() throws Exception {
		JWK key = generate("ES256");
		ActiveKeyJwtEncoder encoder = new ActiveKeyJwtEncoder(() -> key, JwsSigners.of("auto"));

		Jwt jwt = encoder.encode(JwtEncoderParameters.from(accessTokenClaims()));

		assertThat(SignedJWT.parse(jwt.getTokenValue()).getSignature().decode()).hasSize(64);
	}

	@Test
	void encodeWhenTheActiveKeyChangesThenTheNextTokenNamesTheNewKey() throws Exception {
		AtomicReference<JWK> active = new AtomicReference<>(generate("RS256"));
		ActiveKeyJwtEncoder encoder = new ActiveKeyJwtEncoder(active::get, JwsSigners.of("auto"));
		encoder.encode(JwtEncoderParameters.from(accessTokenClaims()));

		active.set(generate("ES256"));
		Jwt jwt = encoder.encode(JwtEncoderParameters.from(accessTokenClaims()));

		assertThat(SignedJWT.parse(jwt.getTokenValue()).getHeader().getKeyID()).isEqualTo(active.get().getKeyID());
		assertThat(jwt.getHeaders()).containsEntry("alg", SignatureAlgorithm.ES256);
	}

	@Test
	void encodeWhenTheHeaderAsksForAKeyReferenceThenItIsRefused() throws Exception {
		JWK key = generate("RS256");
		ActiveKeyJwtEncoder encoder = new ActiveKeyJwtEncoder(() -> key, JwsSigners.of("jdk"));
		JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).jwkSetUrl("https://attacker.example/jwks").build();

		assertThatExceptionOfType(JwtEncodingException.class)
			.isThrownBy(() -> encoder.encode(JwtEncoderParameters.from(header, accessTokenClaims())))
			.withMessageContaining("'jku' header");
	}

	@Test
	void ofWhenAutoOnLinuxX8664ThenAmazonCorrettoCryptoProviderSigns() {
		Assumptions
			.assumeTrue("Linux".equals(System.getProperty("os.name")) && "amd64".equals(System.getProperty("os.arch")));

		assertThat(JwsSigners.of("auto").providerName()).startsWith("AmazonCorrettoCryptoProvider");
		assertThat(JwsSigners.of("accp").providerName()).startsWith("AmazonCorrettoCryptoProvider");
		assertThat(JwsSigners.of("jdk").providerName()).isEqualTo("JDK");
	}

	@Test
	void ofWhenTheSettingIsUnknownThenTheErrorNamesTheSetting() {
		assertThatIllegalStateException().isThrownBy(() -> JwsSigners.of("openssl"))
			.withMessage("tollgate.keys.signature-provider must be auto, accp or jdk, not 'openssl'");
	}

	private static JWK generate(String algorithm) throws JOSEException {
		if ("ES256".equals(algorithm)) {
			return new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).algorithm(JWSAlgorithm.ES256).generate();
		}
		return new RSAKeyGenerator(2048).keyIDFromThumbprint(true).algorithm(JWSAlgorithm.RS256).generate();
	}

	private static JwtClaimsSet accessTokenClaims() {
		Map<String, Object> llm = new LinkedHashMap<>();
		llm.put("policy", "team-basic");
		llm.put("version", 3L);
		llm.put("models", new ArrayList<>(List.of("echo-small")));
		return JwtClaimsSet.builder()
			.issuer("http://localhost:9000")
			.subject("demo-service")
			.audience(List.of("llm-gateway"))
			.issuedAt(ISSUED_AT)
			.notBefore(ISSUED_AT)
			.expiresAt(ISSUED_AT.plusSeconds(300))
			.id("a4c1e5e0-5c6e-4d2b-9b59-2a9a8d3c7f10")
			.claim("scope", "llm.chat")
			.claim("llm", llm)
			.build();
	}

}
