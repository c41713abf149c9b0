package dev.tollgate.auth.support;

import java.text.ParseException;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Verifies JWTs the way a resource server does: with the keys of the issuer's JWKS, found
 * by the token's {@code kid}.
 */
public final class Jwts {

	private Jwts() {
	}

	public static SignedJWT parse(String token) {
		try {
			return SignedJWT.parse(token);
		}
		catch (ParseException ex) {
			throw new AssertionError("Not a JWS: " + ex.getMessage(), ex);
		}
	}

	/** The {@code kid} of the token's header. */
	public static String kid(String token) {
		return parse(token).getHeader().getKeyID();
	}

	/**
	 * A decoder as a resource server builds it for RFC 9068 access tokens: keys fetched
	 * from the issuer's JWKS, signature, {@code typ}, issuer and lifetime checked.
	 */
	public static JwtDecoder jwksDecoder(String issuer) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(issuer + "/oauth2/jwks")
			.jwsAlgorithms((algorithms) -> {
				algorithms.add(SignatureAlgorithm.RS256);
				algorithms.add(SignatureAlgorithm.ES256);
			})
			.build();
		decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(new JwtTypeValidator("at+jwt"),
				new JwtIssuerValidator(issuer)));
		return decoder;
	}

	/**
	 * The token's claims, after its signature was verified against the JWKS of
	 * {@code http}.
	 */
	public static Map<String, Object> verifiedClaims(Http http, String token) {
		SignedJWT jwt = parse(token);
		try {
			JWKSet jwks = JWKSet.parse(http.get("/oauth2/jwks", null).body());
			JWK key = jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
			if (key == null) {
				throw new AssertionError("kid " + jwt.getHeader().getKeyID() + " is not in the JWKS");
			}
			JWSVerifier verifier = new DefaultJWSVerifierFactory().createJWSVerifier(jwt.getHeader(),
					key.toRSAKey().toPublicKey());
			if (!jwt.verify(verifier)) {
				throw new AssertionError("The signature does not verify with key " + key.getKeyID());
			}
			return jwt.getJWTClaimsSet().toJSONObject();
		}
		catch (ParseException | JOSEException ex) {
			throw new AssertionError(ex.getMessage(), ex);
		}
	}

}
