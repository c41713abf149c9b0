package dev.tollgate.auth.key;

import java.time.Duration;

import javax.sql.DataSource;

import dev.tollgate.auth.database.ChannelListener;

/**
 * Listens on PostgreSQL's {@code LISTEN}/{@code NOTIFY} channel
 * {@value SigningKeyRepository#CHANGES_CHANNEL}, on one connection of its own, and has
 * the key set reloaded as soon as any instance commits a change: a rotation or a
 * revocation on one instance reaches the JWKS and the signer of every other within
 * milliseconds.
 * <p>
 * NOTE: while the connection is lost, an instance learns of changes only at its next
 * check of the schedule ({@code tollgate.keys.jwks-cache-lifetime} or 30 seconds at
 * most), and may sign with a just-revoked key until then.
 */
class KeySetChangeListener extends ChannelListener {

	private final SigningKeyService keys;

	KeySetChangeListener(DataSource dataSource, SigningKeyService keys, Duration retryDelay) {
		super(dataSource, SigningKeyRepository.CHANGES_CHANNEL, "tollgate-signing-key-listener", "signing-key changes",
				Duration.ofMillis(500), retryDelay);
		this.keys = keys;
	}

	@Override
	protected void reload() {
		this.keys.reloadAfterChange();
	}

}
