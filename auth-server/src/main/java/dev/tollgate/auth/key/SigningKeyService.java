package dev.tollgate.auth.key;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.tollgate.auth.audit.AuditActor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Service;

/**
 * The signing keys of this instance: the published set (the JWKS) and the active key with
 * its private part, held in memory and re-read from the database whenever any instance
 * changes the key set (see {@link KeySetChangeListener}), and at every check of the
 * schedule in case a notification was missed. Changes themselves are made by
 * {@link KeySetChanges}.
 * <p>
 * At start-up every key that can still sign is opened once, so a wrong
 * {@code tollgate.keys.encryption-key} stops start-up before anything is written.
 */
@Service
public class SigningKeyService implements InitializingBean {

	private static final Logger logger = LoggerFactory.getLogger(SigningKeyService.class);

	private static final EnumSet<SigningKeyState> PUBLISHED = EnumSet.of(SigningKeyState.NEXT, SigningKeyState.ACTIVE,
			SigningKeyState.RETIRED);

	private static final EnumSet<SigningKeyState> SIGNING = EnumSet.of(SigningKeyState.NEXT, SigningKeyState.ACTIVE);

	private final SigningKeyRepository keys;

	private final KeySetChanges changes;

	private final KeyMaterial material;

	private final JWSAlgorithm algorithm;

	private volatile PublishedKeys current;

	SigningKeyService(SigningKeyRepository keys, KeySetChanges changes, KeyMaterial material, JWSAlgorithm algorithm) {
		this.keys = keys;
		this.changes = changes;
		this.material = material;
		this.algorithm = algorithm;
	}

	@Override
	public void afterPropertiesSet() {
		this.keys.findByStateInOrderByCreatedAtDesc(SIGNING).forEach(this.material::withPrivatePart);
		this.changes.maintain();
		reload();
	}

	/** The keys published in the JWKS, public parts only. */
	public JWKSet publishedKeys() {
		return this.current.jwkSet();
	}

	/** The key that signs new tokens, with its private part. */
	public JWK activeKey() {
		return this.current.active();
	}

	/** When the active key began to sign, as this instance last read it. */
	public Instant activeKeySince() {
		return this.current.activeSince();
	}

	PublishedKeys published() {
		return this.current;
	}

	/** Every key this server has had, newest first. */
	public List<SigningKeySummary> list() {
		return this.keys.findAllByOrderByCreatedAtDesc().stream().map(SigningKeySummary::of).toList();
	}

	/**
	 * Whether tokens signed by the key may still be valid. Read from the database, so a
	 * revocation by any instance counts at once.
	 */
	public boolean isUsable(String kid) {
		return this.keys.existsByKidAndStateNot(kid, SigningKeyState.REVOKED);
	}

	/** A new key signs from now on; the active one is retired. Returns the new key. */
	public SigningKeySummary rotate(AuditActor actor) {
		SigningKeySummary successor = this.changes.rotate(actor);
		reload();
		return successor;
	}

	/**
	 * Revokes the key: it leaves the JWKS and its tokens stop being valid at once.
	 * Returns the revoked key.
	 * @throws UnknownSigningKeyException when no key has the kid
	 */
	public SigningKeySummary revoke(String kid, AuditActor actor) {
		SigningKeySummary revoked = this.changes.revoke(kid, actor);
		reload();
		return revoked;
	}

	/** Makes what the schedule says is due, then re-reads the key set. */
	void maintain() {
		try {
			this.changes.maintain();
			reload();
		}
		catch (RuntimeException ex) {
			logger.warn("Signing-key maintenance failed, will retry: {}", ex.toString());
		}
	}

	/** Re-reads the key set after another instance changed it. */
	void reloadAfterChange() {
		try {
			reload();
		}
		catch (RuntimeException ex) {
			logger.warn("Reloading the signing keys failed, will retry: {}", ex.toString());
		}
	}

	/**
	 * Synchronized, so that of two reloads racing, the one that read the database last is
	 * the one that stays.
	 */
	synchronized void reload() {
		List<SigningKeyEntity> rows = this.keys.findByStateInOrderByCreatedAtDesc(PUBLISHED);
		String fingerprint = rows.stream()
			.map((row) -> row.kid + ":" + row.state.value())
			.collect(Collectors.joining(","));
		PublishedKeys current = this.current;
		if (current != null && current.fingerprint().equals(fingerprint)) {
			return;
		}
		SigningKeyEntity activeRow = rows.stream()
			.filter((row) -> row.state == SigningKeyState.ACTIVE && this.algorithm.getName().equals(row.algorithm))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No active " + this.algorithm + " signing key"));
		this.current = PublishedKeys.of(fingerprint, rows, this.material.withPrivatePart(activeRow),
				activeRow.activatedAt);
		logger.debug("Loaded signing keys: {}", fingerprint);
	}

}
