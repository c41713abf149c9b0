package dev.tollgate.auth.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Hashes client secrets as {@code {sha256}salt$digest}: a random 128-bit salt and SHA-256
 * over salt and secret, compared in constant time. A check costs about a microsecond.
 * <p>
 * Why not BCrypt, as for passwords: a slow hash exists to make offline guessing of a
 * leaked hash expensive, which only matters when the secret can be guessed. A person's
 * password can; a client secret from {@link ClientSecretGenerator} cannot, with 256
 * random bits: no hashing speed brings 2^256 guesses within reach. Meanwhile the cost of
 * a slow hash is paid on every token request: BCrypt at strength 10 takes 80 to 100 ms of
 * CPU a check, which alone caps a 2-core token endpoint near 25 to 40 client_credentials
 * requests a second. So a fast hash loses no security here and removes that cap.
 * <p>
 * The salt is not there against guessing either: it keeps two clients with the same
 * secret from having the same hash, and a hash from being matched against another
 * system's. User passwords, chosen by people, keep a slow salted hash (see the
 * {@code user} package); the two encoders are deliberately separate.
 * <p>
 * NOTE: the demo secrets of the {@code local} profile are short, human-chosen words; they
 * are demo data, never to be used in a deployment.
 */
@Component
public class ClientSecretHasher implements PasswordEncoder {

	static final String PREFIX = "{sha256}";

	private static final int SALT_BYTES = 16;

	private final SecureRandom random = new SecureRandom();

	@Override
	public String encode(CharSequence rawSecret) {
		byte[] salt = new byte[SALT_BYTES];
		this.random.nextBytes(salt);
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		return PREFIX + base64.encodeToString(salt) + "$" + base64.encodeToString(digest(salt, rawSecret));
	}

	@Override
	public boolean matches(CharSequence rawSecret, String encodedSecret) {
		if (rawSecret == null || encodedSecret == null || !encodedSecret.startsWith(PREFIX)) {
			return false;
		}
		int separator = encodedSecret.indexOf('$', PREFIX.length());
		if (separator < 0) {
			return false;
		}
		try {
			Base64.Decoder base64 = Base64.getUrlDecoder();
			byte[] salt = base64.decode(encodedSecret.substring(PREFIX.length(), separator));
			byte[] expected = base64.decode(encodedSecret.substring(separator + 1));
			return MessageDigest.isEqual(expected, digest(salt, rawSecret));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static byte[] digest(byte[] salt, CharSequence rawSecret) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			sha256.update(salt);
			return sha256.digest(rawSecret.toString().getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
		}
	}

}
