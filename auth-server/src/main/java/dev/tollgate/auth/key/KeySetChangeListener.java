package dev.tollgate.auth.key;

import dev.tollgate.auth.database.ChangeNotifications;

/**
 * Has the key set reloaded as soon as any instance commits a change to it, heard on
 * {@value SigningKeyRepository#CHANGES_CHANNEL} through {@link ChangeNotifications}: a
 * rotation or a revocation on one instance reaches the JWKS and the signer of every other
 * within milliseconds.
 */
class KeySetChangeListener implements ChangeNotifications.Subscriber {

	private final SigningKeyService keys;

	KeySetChangeListener(ChangeNotifications notifications, SigningKeyService keys) {
		this.keys = keys;
		notifications.subscribe(SigningKeyRepository.CHANGES_CHANNEL, this);
	}

	@Override
	public void changed(String payload) {
		this.keys.reloadAfterChange();
	}

	@Override
	public void resynchronize() {
		this.keys.reloadAfterChange();
	}

}
