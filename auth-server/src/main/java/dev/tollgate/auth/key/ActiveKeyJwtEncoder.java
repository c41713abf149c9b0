package dev.tollgate.auth.key;

import java.net.URL;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.function.Supplier;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JoseHeaderNames;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtEncodingException;

/**
 * Signs every JWT (access tokens, ID tokens) with the active signing key, whatever
 * algorithm the caller's header asked for: the header's {@code alg} and {@code kid} are
 * set from the key, so a token always names the key that verifies it.
 * <p>
 * It signs with a signer of {@link JwsSigners}, made once per active key, rather than
 * through Spring's {@code NimbusJwtEncoder}, which makes its signers with the JDK's
 * providers only. The header may carry {@code typ}, {@code cty} and names of no RFC 7515
 * meaning; a header that asks for a key reference ({@code jku}, {@code jwk}, {@code x5c},
 * ...) or for critical extensions is refused, since no Tollgate token has one.
 */
final class ActiveKeyJwtEncoder implements JwtEncoder {

	/** The header names that {@link #header} writes itself. */
	private static final Set<String> WRITTEN = Set.of(JoseHeaderNames.ALG, JoseHeaderNames.KID, JoseHeaderNames.TYP,
			JoseHeaderNames.CTY);

	private final Supplier<JWK> activeKey;

	private final JwsSigners signers;

	private volatile Signer signer;

	/**
	 * @param activeKey the key that signs now, with its private part; read at each token,
	 * so a rotation takes effect at the next one
	 */
	ActiveKeyJwtEncoder(Supplier<JWK> activeKey, JwsSigners signers) {
		this.activeKey = activeKey;
		this.signers = signers;
	}

	@Override
	public Jwt encode(JwtEncoderParameters parameters) {
		Signer signer = currentSigner();
		JwsHeader requested = parameters.getJwsHeader();
		JwsHeader header = ((requested != null) ? JwsHeader.from(requested) : JwsHeader.with(signer.algorithm()))
			.algorithm(signer.algorithm())
			.keyId(signer.key().getKeyID())
			.build();
		JwtClaimsSet claims = parameters.getClaims();

		SignedJWT jwt = new SignedJWT(header(header), claims(claims));
		try {
			jwt.sign(signer.jws());
		}
		catch (JOSEException ex) {
			throw new JwtEncodingException("Signing with key " + signer.key().getKeyID() + " failed", ex);
		}
		return Jwt.withTokenValue(jwt.serialize())
			.headers((values) -> values.putAll(header.getHeaders()))
			.claims((values) -> values.putAll(claims.getClaims()))
			.build();
	}

	private Signer currentSigner() {
		JWK active = this.activeKey.get();
		Signer signer = this.signer;
		if (signer == null || signer.key() != active) {
			signer = new Signer(active, SignatureAlgorithm.from(active.getAlgorithm().getName()),
					this.signers.signer(active));
			this.signer = signer;
		}
		return signer;
	}

	private static JWSHeader header(JwsHeader header) {
		JWSHeader.Builder builder = new JWSHeader.Builder(JWSAlgorithm.parse(header.getAlgorithm().getName()))
			.keyID(header.getKeyId());
		if (header.getType() != null) {
			builder.type(new JOSEObjectType(header.getType()));
		}
		if (header.getContentType() != null) {
			builder.contentType(header.getContentType());
		}
		header.getHeaders().forEach((name, value) -> {
			if (WRITTEN.contains(name)) {
				return;
			}
			if (JWSHeader.getRegisteredParameterNames().contains(name)) {
				throw new JwtEncodingException("Tollgate signs no JWT with a '" + name + "' header");
			}
			builder.customParam(name, value);
		});
		return builder.build();
	}

	/**
	 * The claims as Nimbus serializes them: instants become {@link Date}s, which it
	 * writes as seconds since the epoch (RFC 7519 NumericDate); an issuer given as a URL
	 * becomes its string.
	 */
	private static JWTClaimsSet claims(JwtClaimsSet claims) {
		JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
		claims.getClaims().forEach((name, value) -> builder.claim(name, jsonValue(value)));
		return builder.build();
	}

	private static Object jsonValue(Object value) {
		if (value instanceof Instant instant) {
			return Date.from(instant);
		}
		if (value instanceof URL url) {
			return url.toExternalForm();
		}
		return value;
	}

	private record Signer(JWK key, SignatureAlgorithm algorithm, JWSSigner jws) {
	}

}
