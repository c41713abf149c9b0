package dev.tollgate.auth.client;

import java.time.Instant;
import java.util.Optional;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

/**
 * The secret a rotation replaced, still accepted at the token endpoint until
 * {@code expiresAt}, so that a client's instances can move to the new secret one by one.
 * It travels in the client's {@link ClientSettings}; a client loaded after the grace
 * period has none.
 *
 * @param hash the old secret's hash, as {@link ClientSecretHasher} wrote it
 * @param expiresAt when the old secret stops working
 */
public record PreviousClientSecret(String hash, Instant expiresAt) {

	static final String HASH_SETTING = "settings.client.tollgate.previous-secret-hash";

	static final String EXPIRES_AT_SETTING = "settings.client.tollgate.previous-secret-expires-at";

	/** The client's previous secret, when it is still in its grace period. */
	public static Optional<PreviousClientSecret> of(RegisteredClient client) {
		ClientSettings settings = client.getClientSettings();
		String hash = settings.getSetting(HASH_SETTING);
		Instant expiresAt = settings.getSetting(EXPIRES_AT_SETTING);
		if (hash == null || expiresAt == null || !Instant.now().isBefore(expiresAt)) {
			return Optional.empty();
		}
		return Optional.of(new PreviousClientSecret(hash, expiresAt));
	}

	/** The settings with this previous secret in place of any earlier one. */
	public ClientSettings applyTo(ClientSettings settings) {
		return ClientSettings.withSettings(settings.getSettings())
			.setting(HASH_SETTING, this.hash)
			.setting(EXPIRES_AT_SETTING, this.expiresAt)
			.build();
	}

	/** The settings without a previous secret: only the current one is accepted. */
	public static ClientSettings removeFrom(ClientSettings settings) {
		return ClientSettings.withSettings(settings.getSettings()).settings((values) -> {
			values.remove(HASH_SETTING);
			values.remove(EXPIRES_AT_SETTING);
		}).build();
	}

	/** Leaves the hash out of logs. */
	@Override
	public String toString() {
		return "PreviousClientSecret[expiresAt=" + this.expiresAt + "]";
	}

}
