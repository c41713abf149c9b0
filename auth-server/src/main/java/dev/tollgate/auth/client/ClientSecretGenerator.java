package dev.tollgate.auth.client;

import java.security.SecureRandom;
import java.util.Base64;

import org.springframework.stereotype.Component;

/**
 * Generates client secrets: 256 bits from {@link SecureRandom}, base64url without padding
 * (43 characters), so that a fast hash is enough to store them (see
 * {@link ClientSecretHasher}). The server always generates a secret; it never accepts one
 * chosen by a person.
 * <p>
 * The value exists only in the {@link NewClientSecret} returned here, for the caller to
 * hand to whoever registered the client, once; what is stored is its hash.
 */
@Component
public class ClientSecretGenerator {

	static final int SECRET_BYTES = 32;

	private final SecureRandom random = new SecureRandom();

	private final ClientSecretHasher hasher;

	ClientSecretGenerator(ClientSecretHasher hasher) {
		this.hasher = hasher;
	}

	public NewClientSecret generate() {
		byte[] bytes = new byte[SECRET_BYTES];
		this.random.nextBytes(bytes);
		String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		return new NewClientSecret(value, this.hasher.encode(value));
	}

	/**
	 * A secret just generated.
	 *
	 * @param value the secret itself, to be shown once and then forgotten
	 * @param hash what to store as the client's secret, in {@code client_secret_hash}
	 */
	public record NewClientSecret(String value, String hash) {

		/** Leaves the value out, so that a stray log line cannot leak it. */
		@Override
		public String toString() {
			return "NewClientSecret[hash=" + this.hash + "]";
		}

	}

}
