package dev.tollgate.auth.key;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.time.Instant;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/**
 * Makes signing keys and opens them again: a new key pair becomes a row whose private
 * part is sealed by {@link PrivateKeySealer}; a row becomes a JWK, with its private part
 * only when it is to sign. The {@code kid} is the key's RFC 7638 thumbprint.
 */
final class KeyMaterial {

	/** NIST SP 800-57 part 1: RSA keys of 2048 bits are good until 2030. */
	static final int RSA_KEY_BITS = 2048;

	private final PrivateKeySealer sealer;

	KeyMaterial(PrivateKeySealer sealer) {
		this.sealer = sealer;
	}

	SigningKeyEntity newKey(JWSAlgorithm algorithm, SigningKeyState state, Instant now) {
		JWK jwk = generate(algorithm);
		SigningKeyEntity row = new SigningKeyEntity();
		row.kid = jwk.getKeyID();
		row.algorithm = algorithm.getName();
		row.state = state;
		row.publicJwk = jwk.toPublicJWK().toJSONString();
		row.privateKeyCiphertext = this.sealer.seal(row.kid, privateKey(jwk).getEncoded());
		row.encryptionKeyId = this.sealer.keyId();
		row.createdAt = now;
		return row;
	}

	/**
	 * Fails, naming the setting, when the key-encryption key is not the one that sealed
	 * it.
	 */
	JWK withPrivatePart(SigningKeyEntity row) {
		byte[] pkcs8 = this.sealer.open(row.kid, row.encryptionKeyId, row.privateKeyCiphertext);
		JWK publicJwk = publicJwk(row);
		try {
			if (publicJwk instanceof RSAKey rsa) {
				PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
				return new RSAKey.Builder(rsa).privateKey((RSAPrivateKey) key).build();
			}
			ECKey ec = (ECKey) publicJwk;
			PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
			return new ECKey.Builder(ec).privateKey((ECPrivateKey) key).build();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Signing key " + row.kid + " holds no valid private key", ex);
		}
	}

	/**
	 * The public JWK of a row; a row that holds a private JWK is refused, not published.
	 */
	static JWK publicJwk(SigningKeyEntity row) {
		JWK jwk;
		try {
			jwk = JWK.parse(row.publicJwk);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("Signing key " + row.kid + " holds no valid public JWK", ex);
		}
		if (jwk.isPrivate()) {
			throw new IllegalStateException("Signing key " + row.kid + " holds private parts in public_jwk");
		}
		return jwk;
	}

	static JWK generate(JWSAlgorithm algorithm) {
		try {
			if (JWSAlgorithm.ES256.equals(algorithm)) {
				ECKey key = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(algorithm).generate();
				return new ECKey.Builder(key).keyIDFromThumbprint().build();
			}
			RSAKey key = new RSAKeyGenerator(RSA_KEY_BITS).keyUse(KeyUse.SIGNATURE).algorithm(algorithm).generate();
			return new RSAKey.Builder(key).keyIDFromThumbprint().build();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot generate a " + algorithm + " key", ex);
		}
	}

	private static PrivateKey privateKey(JWK jwk) {
		try {
			return (jwk instanceof RSAKey rsa) ? rsa.toPrivateKey() : ((ECKey) jwk).toPrivateKey();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Key " + jwk.getKeyID() + " has no private part", ex);
		}
	}

}
