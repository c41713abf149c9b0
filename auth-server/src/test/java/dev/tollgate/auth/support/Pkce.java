package dev.tollgate.auth.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A PKCE pair (RFC 7636 section 4.1 and 4.2): a random {@code code_verifier} and its
 * {@code S256} {@code code_challenge}.
 */
public record Pkce(String verifier, String challenge) {

	private static final SecureRandom random = new SecureRandom();

	public static Pkce s256() {
		String verifier = randomValue();
		return new Pkce(verifier, base64Url(sha256(verifier)));
	}

	/**
	 * 256 random bits, base64url: good for a verifier, a {@code state}, a {@code nonce}.
	 */
	public static String randomValue() {
		byte[] value = new byte[32];
		random.nextBytes(value);
		return base64Url(value);
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String base64Url(byte[] value) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
	}

}
