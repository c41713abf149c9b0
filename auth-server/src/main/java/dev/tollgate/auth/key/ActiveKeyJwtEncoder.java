package dev.tollgate.auth.key;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Signs every JWT (access tokens, ID tokens) with the active signing key, whatever
 * algorithm the caller's header asked for: the header's {@code alg} and {@code kid} are
 * set from the key, so a token always names the key that verifies it.
 */
final class ActiveKeyJwtEncoder implements JwtEncoder {

	private final SigningKeyService keys;

	private volatile Signer signer;

	ActiveKeyJwtEncoder(SigningKeyService keys) {
		this.keys = keys;
	}

	@Override
	public Jwt encode(JwtEncoderParameters parameters) {
		Signer signer = currentSigner();
		JwsHeader requested = parameters.getJwsHeader();
		JwsHeader.Builder header = (requested != null) ? JwsHeader.from(requested) : JwsHeader.with(signer.algorithm());
		header.algorithm(signer.algorithm()).keyId(signer.key().getKeyID());
		return signer.encoder().encode(JwtEncoderParameters.from(header.build(), parameters.getClaims()));
	}

	private Signer currentSigner() {
		JWK active = this.keys.activeKey();
		Signer signer = this.signer;
		if (signer == null || signer.key() != active) {
			signer = new Signer(active, SignatureAlgorithm.from(active.getAlgorithm().getName()),
					new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(active))));
			this.signer = signer;
		}
		return signer;
	}

	private record Signer(JWK key, SignatureAlgorithm algorithm, NimbusJwtEncoder encoder) {
	}

}
