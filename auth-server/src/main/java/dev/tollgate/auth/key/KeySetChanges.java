package dev.tollgate.auth.key;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.nimbusds.jose.JWSAlgorithm;
import dev.tollgate.auth.audit.AuditActor;
import dev.tollgate.auth.audit.AuditLog;
import dev.tollgate.auth.config.TollgateProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every change to the key set. Each runs in one transaction that first takes a PostgreSQL
 * advisory lock shared by every instance on the database, then decides from the rows and
 * the database's clock alone. So when several instances find a rotation due at the same
 * moment, the first one rotates and the others, once they hold the lock, see a key that
 * has only just begun to sign: one rotation per interval, whatever the number of
 * instances. A committed change notifies every instance to reload.
 * <p>
 * The schedule: a next key is published {@link TollgateProperties.Keys#publicationLead()
 * the publication lead} before the active key's {@code rotation-interval} is over, and
 * takes over once both the interval and the lead have passed. A retired key leaves the
 * JWKS once every token it can have signed has expired, plus the clock skew.
 */
class KeySetChanges {

	private static final Logger logger = LoggerFactory.getLogger(KeySetChanges.class);

	static final String ROTATED = "key.rotated";

	static final String REVOKED = "key.revoked";

	/**
	 * Spring Authorization Server's {@code JwtGenerator} gives every ID token 30 minutes.
	 */
	static final Duration ID_TOKEN_LIFETIME = Duration.ofMinutes(30);

	private static final EnumSet<SigningKeyState> LIVE = EnumSet.of(SigningKeyState.NEXT, SigningKeyState.ACTIVE,
			SigningKeyState.RETIRED);

	private final SigningKeyRepository keys;

	private final KeyMaterial material;

	private final JWSAlgorithm algorithm;

	private final TollgateProperties.Keys settings;

	private final Duration defaultAccessTokenTtl;

	private final AuditLog audit;

	private final TransactionTemplate transactions;

	KeySetChanges(SigningKeyRepository keys, KeyMaterial material, JWSAlgorithm algorithm,
			TollgateProperties properties, AuditLog audit, TransactionTemplate transactions) {
		this.keys = keys;
		this.material = material;
		this.algorithm = algorithm;
		this.settings = properties.keys();
		this.defaultAccessTokenTtl = properties.tokens().accessTokenTtl();
		this.audit = audit;
		this.transactions = transactions;
		check(this.settings);
	}

	private static void check(TollgateProperties.Keys settings) {
		if (settings.jwksCacheLifetime().toSeconds() < 1 || settings.clockSkew().isNegative()) {
			throw new IllegalStateException("tollgate.keys.jwks-cache-lifetime must be at least one second"
					+ " and tollgate.keys.clock-skew must not be negative");
		}
		if (settings.rotationInterval().compareTo(settings.publicationLead()) <= 0) {
			throw new IllegalStateException("tollgate.keys.rotation-interval (" + settings.rotationInterval()
					+ ") must be longer than the time a next key is published before it signs ("
					+ settings.publicationLead() + ": tollgate.keys.jwks-cache-lifetime plus "
					+ settings.checkInterval() + ")");
		}
	}

	/** Makes whatever change the schedule says is due; {@code true} if there was one. */
	boolean maintain() {
		return inLockedTransaction((ring) -> {
			retireOtherAlgorithms(ring);
			ensureActiveKey(ring);
			publishNextKeyWhenDue(ring);
			rotateWhenDue(ring);
			dropExpiredRetiredKeys(ring);
			return ring.changed();
		});
	}

	/**
	 * A new key signs from now: the next key if one is published, else a new one. The
	 * active key is retired.
	 */
	SigningKeySummary rotate(AuditActor actor) {
		return inLockedTransaction((ring) -> {
			ensureActiveKey(ring);
			SigningKeyEntity successor = rotate(ring, actor, "admin");
			return SigningKeySummary.of(successor);
		});
	}

	/**
	 * Revokes the key. When it is the active key, its successor takes over in the same
	 * transaction, so signing never stops. Revoking a revoked key changes nothing.
	 */
	SigningKeySummary revoke(String kid, AuditActor actor) {
		return inLockedTransaction((ring) -> {
			SigningKeyEntity row = this.keys.findById(kid).orElseThrow(() -> new UnknownSigningKeyException(kid));
			if (row.state == SigningKeyState.REVOKED) {
				return SigningKeySummary.of(row);
			}
			SigningKeyState previous = row.state;
			ring.revoke(row);
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("kid", kid);
			details.put("previous_state", previous.value());
			if (previous == SigningKeyState.ACTIVE) {
				details.put("replaced_by", activateSuccessor(ring).kid);
			}
			record(REVOKED, actor, details);
			logger.info("Revoked signing key {} (was {}) by {}", kid, previous.value(), actor.actor());
			return SigningKeySummary.of(row);
		});
	}

	private void record(String type, AuditActor actor, Map<String, Object> details) {
		this.audit.record(type, actor.actor(), actor.clientId(), actor.principalName(), actor.remoteAddress(), details);
	}

	private <T> T inLockedTransaction(Function<KeyRing, T> change) {
		return this.transactions.execute((status) -> {
			this.keys.lockKeySet();
			KeyRing ring = new KeyRing(this.keys, this.keys.databaseTime(),
					this.keys.findByStateInOrderByCreatedAtDesc(LIVE));
			T result = change.apply(ring);
			if (ring.changed()) {
				this.keys.notifyKeySetChanged();
			}
			return result;
		});
	}

	/**
	 * After {@code tollgate.keys.algorithm} changed, keys of the old one stop signing.
	 */
	private void retireOtherAlgorithms(KeyRing ring) {
		for (SigningKeyEntity row : ring.all(SigningKeyState.ACTIVE)) {
			if (!this.algorithm.getName().equals(row.algorithm)) {
				ring.retire(row);
				logger.info("Retired signing key {}: its algorithm {} is no longer configured", row.kid, row.algorithm);
			}
		}
		for (SigningKeyEntity row : ring.all(SigningKeyState.NEXT)) {
			if (!this.algorithm.getName().equals(row.algorithm)) {
				ring.drop(row);
			}
		}
	}

	private void ensureActiveKey(KeyRing ring) {
		if (ring.find(SigningKeyState.ACTIVE, this.algorithm).isEmpty()) {
			SigningKeyEntity active = activateSuccessor(ring);
			logger.info("Signing key {} ({}) is now active", active.kid, active.algorithm);
		}
	}

	private void publishNextKeyWhenDue(KeyRing ring) {
		SigningKeyEntity active = ring.find(SigningKeyState.ACTIVE, this.algorithm).orElseThrow();
		if (ring.find(SigningKeyState.NEXT, this.algorithm).isPresent()
				|| ring.now().isBefore(rotationDue(active).minus(this.settings.publicationLead()))) {
			return;
		}
		SigningKeyEntity next = this.material.newKey(this.algorithm, SigningKeyState.NEXT, ring.now());
		ring.add(next);
		logger.info("Published next signing key {} ({}); it signs from {} on", next.kid, next.algorithm,
				ring.now().plus(this.settings.publicationLead()));
	}

	private void rotateWhenDue(KeyRing ring) {
		SigningKeyEntity active = ring.find(SigningKeyState.ACTIVE, this.algorithm).orElseThrow();
		Optional<SigningKeyEntity> next = ring.find(SigningKeyState.NEXT, this.algorithm);
		if (next.isEmpty() || ring.now().isBefore(rotationDue(active))
				|| ring.now().isBefore(next.get().createdAt.plus(this.settings.publicationLead()))) {
			return;
		}
		rotate(ring, AuditActor.server(), "schedule");
	}

	private SigningKeyEntity rotate(KeyRing ring, AuditActor actor, String trigger) {
		SigningKeyEntity previous = ring.find(SigningKeyState.ACTIVE, this.algorithm).orElseThrow();
		ring.retire(previous);
		SigningKeyEntity successor = activateSuccessor(ring);

		Map<String, Object> details = new LinkedHashMap<>();
		details.put("kid", successor.kid);
		details.put("previous_kid", previous.kid);
		details.put("trigger", trigger);
		record(ROTATED, actor, details);
		logger.info("Rotated signing keys ({}): {} signs, {} is retired", trigger, successor.kid, previous.kid);
		return successor;
	}

	/**
	 * Makes the next key active, as it is already published; without one, a new key.
	 * NOTE: a new key signs before resource servers' cached JWKS holds it; they must
	 * re-fetch the JWKS on an unknown kid.
	 */
	private SigningKeyEntity activateSuccessor(KeyRing ring) {
		Optional<SigningKeyEntity> next = ring.find(SigningKeyState.NEXT, this.algorithm);
		if (next.isPresent()) {
			ring.activate(next.get());
			return next.get();
		}
		SigningKeyEntity created = this.material.newKey(this.algorithm, SigningKeyState.ACTIVE, ring.now());
		ring.add(created);
		return created;
	}

	private void dropExpiredRetiredKeys(KeyRing ring) {
		Duration retention = longestTokenLifetime().plus(this.settings.clockSkew());
		for (SigningKeyEntity row : ring.all(SigningKeyState.RETIRED)) {
			if (!ring.now().isBefore(row.retiredAt.plus(retention))) {
				ring.drop(row);
				logger.info("Signing key {} left the JWKS: every token it signed has expired", row.kid);
			}
		}
	}

	private Instant rotationDue(SigningKeyEntity active) {
		return active.activatedAt.plus(this.settings.rotationInterval());
	}

	/**
	 * The longest lifetime of any token a key signs: ID tokens, the default access-token
	 * lifetime, and every client's own. NOTE: a client whose access-token lifetime was
	 * shortened after a key retired may hold older tokens that outlive the key's
	 * publication by the difference.
	 */
	private Duration longestTokenLifetime() {
		Duration longestClient = Duration.ofSeconds(this.keys.longestAccessTokenTtlSeconds());
		Duration longest = (longestClient.compareTo(this.defaultAccessTokenTtl) > 0) ? longestClient
				: this.defaultAccessTokenTtl;
		return (longest.compareTo(ID_TOKEN_LIFETIME) > 0) ? longest : ID_TOKEN_LIFETIME;
	}

}
