package dev.tollgate.auth.key;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.nimbusds.jose.JWSAlgorithm;

/**
 * The live keys (next, active, retired) as one transaction of {@link KeySetChanges} sees
 * them under the key-set lock, with the moves between states. Every move is written at
 * once: the database's unique indexes (one active and one next key per algorithm) are
 * checked statement by statement, so the order of the writes matters.
 */
final class KeyRing {

	private final SigningKeyRepository keys;

	private final Instant now;

	private final List<SigningKeyEntity> rows;

	private boolean changed;

	KeyRing(SigningKeyRepository keys, Instant now, List<SigningKeyEntity> rows) {
		this.keys = keys;
		this.now = now;
		this.rows = new ArrayList<>(rows);
	}

	Instant now() {
		return this.now;
	}

	boolean changed() {
		return this.changed;
	}

	Optional<SigningKeyEntity> find(SigningKeyState state, JWSAlgorithm algorithm) {
		return this.rows.stream()
			.filter((row) -> row.state == state && algorithm.getName().equals(row.algorithm))
			.findFirst();
	}

	List<SigningKeyEntity> all(SigningKeyState state) {
		return this.rows.stream().filter((row) -> row.state == state).toList();
	}

	void add(SigningKeyEntity row) {
		if (row.state == SigningKeyState.ACTIVE) {
			row.activatedAt = this.now;
		}
		this.rows.add(row);
		save(row);
	}

	void activate(SigningKeyEntity row) {
		row.state = SigningKeyState.ACTIVE;
		row.activatedAt = this.now;
		save(row);
	}

	/** The key stops signing and stays published; its private part is erased. */
	void retire(SigningKeyEntity row) {
		row.state = SigningKeyState.RETIRED;
		row.retiredAt = this.now;
		row.privateKeyCiphertext = null;
		save(row);
	}

	/** The key leaves the JWKS; if it had a private part, that is erased. */
	void drop(SigningKeyEntity row) {
		row.state = SigningKeyState.GONE;
		row.privateKeyCiphertext = null;
		save(row);
	}

	/** The key leaves the JWKS at once and its tokens stop being valid. */
	void revoke(SigningKeyEntity row) {
		row.state = SigningKeyState.REVOKED;
		row.revokedAt = this.now;
		row.privateKeyCiphertext = null;
		save(row);
		this.rows.remove(row);
	}

	private void save(SigningKeyEntity row) {
		this.keys.saveAndFlush(row);
		this.changed = true;
	}

}
