package dev.tollgate.bench.jmh;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;

/**
 * Keys, verifiers and a claims set shaped like a Tollgate access token (RFC 9068 claims and
 * the {@code llm} quota claim), for the crypto benchmarks.
 */
final class SampleKeys {

	private SampleKeys() {
	}

	static JWK generate(String algorithm) throws JOSEException {
		String kid = UUID.randomUUID().toString();
		if ("ES256".equals(algorithm)) {
			return new ECKeyGenerator(Curve.P_256).keyID(kid).algorithm(JWSAlgorithm.ES256).generate();
		}
		return new RSAKeyGenerator(2048).keyID(kid).algorithm(JWSAlgorithm.RS256).generate();
	}

	static JWSVerifier verifier(JWK key) throws JOSEException {
		return (key instanceof ECKey ec) ? new ECDSAVerifier(ec.toPublicJWK())
				: new RSASSAVerifier(((RSAKey) key).toPublicJWK());
	}

	static JWSHeader header(JWK key) {
		return new JWSHeader.Builder((JWSAlgorithm) key.getAlgorithm()).type(new JOSEObjectType("at+jwt"))
			.keyID(key.getKeyID())
			.build();
	}

	static JWTClaimsSet accessTokenClaims() {
		Instant now = Instant.now();
		List<String> models = new ArrayList<>(List.of("echo-small", "echo-large"));
		return new JWTClaimsSet.Builder().issuer("http://localhost:9000")
			.subject("demo-service")
			.audience("llm-gateway")
			.claim("client_id", "demo-service")
			.claim("scope", "llm.chat")
			.issueTime(java.util.Date.from(now))
			.notBeforeTime(java.util.Date.from(now))
			.expirationTime(java.util.Date.from(now.plusSeconds(300)))
			.jwtID(UUID.randomUUID().toString())
			.claim("llm", new java.util.LinkedHashMap<>(java.util.Map.of("policy", "bench", "version", 1,
					"tokens_per_minute", 1_000_000_000L, "models", models)))
			.build();
	}

}
