package dev.tollgate.auth.key;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Holds the current signing keys: the published set (the JWKS) and the active key with
 * its private part. At start-up it makes sure an active key exists, creating one under a
 * PostgreSQL advisory lock so that instances starting together create exactly one. It
 * reloads the set from the database every {@value #RELOAD_MILLIS} ms, so every instance
 * on one database serves the same JWKS.
 */
@Service
public class SigningKeyService implements InitializingBean {

	private static final Logger logger = LoggerFactory.getLogger(SigningKeyService.class);

	static final long RELOAD_MILLIS = 30_000;

	private static final EnumSet<SigningKeyState> PUBLISHED = EnumSet.of(SigningKeyState.NEXT, SigningKeyState.ACTIVE,
			SigningKeyState.RETIRED);

	private final SigningKeyRepository keys;

	private final PrivateKeySealer sealer;

	private final JWSAlgorithm algorithm;

	private final TransactionTemplate transactions;

	private volatile KeySet current;

	SigningKeyService(SigningKeyRepository keys, PrivateKeySealer sealer, JWSAlgorithm algorithm,
			TransactionTemplate transactions) {
		this.keys = keys;
		this.sealer = sealer;
		this.algorithm = algorithm;
		this.transactions = transactions;
	}

	@Override
	public void afterPropertiesSet() {
		this.transactions.executeWithoutResult((status) -> ensureActiveKey());
		reload();
	}

	/** The keys published in the JWKS, public parts only. */
	public JWKSet publishedKeys() {
		return this.current.published();
	}

	/** The key that signs new tokens, with its private part. */
	public JWK activeKey() {
		return this.current.active();
	}

	@Scheduled(fixedDelay = RELOAD_MILLIS, initialDelay = RELOAD_MILLIS)
	public void reload() {
		List<SigningKeyEntity> rows = this.keys.findByStateInOrderByCreatedAtDesc(PUBLISHED);
		List<JWK> published = rows.stream().map(SigningKeyService::publicJwk).toList();
		SigningKeyEntity activeRow = rows.stream()
			.filter((row) -> row.state == SigningKeyState.ACTIVE && this.algorithm.getName().equals(row.algorithm))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No active " + this.algorithm + " signing key"));
		this.current = new KeySet(new JWKSet(published), withPrivatePart(activeRow));
	}

	private void ensureActiveKey() {
		this.keys.lockKeySet();
		boolean present = this.keys.findByStateInOrderByCreatedAtDesc(EnumSet.of(SigningKeyState.ACTIVE))
			.stream()
			.anyMatch((row) -> this.algorithm.getName().equals(row.algorithm));
		if (present) {
			return;
		}
		JWK jwk = generate(this.algorithm);
		SigningKeyEntity row = new SigningKeyEntity();
		row.kid = jwk.getKeyID();
		row.algorithm = this.algorithm.getName();
		row.state = SigningKeyState.ACTIVE;
		row.publicJwk = jwk.toPublicJWK().toJSONString();
		row.privateKeyCiphertext = this.sealer.seal(row.kid, privateKey(jwk).getEncoded());
		row.encryptionKeyId = this.sealer.keyId();
		row.createdAt = Instant.now();
		row.activatedAt = row.createdAt;
		this.keys.save(row);
		logger.info("Created signing key {} ({}), now active", row.kid, row.algorithm);
	}

	private JWK withPrivatePart(SigningKeyEntity row) {
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

	private static JWK publicJwk(SigningKeyEntity row) {
		try {
			return JWK.parse(row.publicJwk);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("Signing key " + row.kid + " holds no valid public JWK", ex);
		}
	}

	static JWK generate(JWSAlgorithm algorithm) {
		try {
			if (JWSAlgorithm.ES256.equals(algorithm)) {
				ECKey key = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(algorithm).generate();
				return new ECKey.Builder(key).keyIDFromThumbprint().build();
			}
			RSAKey key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(algorithm).generate();
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

	private record KeySet(JWKSet published, JWK active) {
	}

}
