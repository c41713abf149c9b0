package dev.tollgate.auth.key;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals private keys for storage with AES-256-GCM under the key-encryption key of
 * {@code tollgate.keys.encryption-key}. A sealed key is
 * {@code IV (12 bytes) || ciphertext ||
 * tag (16 bytes)}; the {@code kid} is bound in as additional authenticated data, so a
 * sealed key copied to another row does not open. Each row records {@link #keyId()},
 * which names the key-encryption key that sealed it.
 * <p>
 * NOTE: nothing re-seals keys under a new key-encryption key yet, so changing
 * {@value #SETTING} stops start-up while a next or active key was sealed by the old one.
 */
final class PrivateKeySealer {

	static final String SETTING = "tollgate.keys.encryption-key";

	private static final int IV_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final SecretKey key;

	private final String keyId;

	private final SecureRandom random = new SecureRandom();

	PrivateKeySealer(byte[] keyBytes) {
		if (keyBytes.length != 32) {
			throw new IllegalStateException(
					SETTING + " must be the base64 of exactly 32 bytes (AES-256); it decodes to " + keyBytes.length);
		}
		this.key = new SecretKeySpec(keyBytes, "AES");
		this.keyId = keyIdOf(keyBytes);
	}

	String keyId() {
		return this.keyId;
	}

	byte[] seal(String kid, byte[] plaintext) {
		try {
			byte[] iv = new byte[IV_BYTES];
			this.random.nextBytes(iv);
			Cipher cipher = cipher(Cipher.ENCRYPT_MODE, iv, kid);
			byte[] ciphertext = cipher.doFinal(plaintext);
			byte[] sealed = Arrays.copyOf(iv, IV_BYTES + ciphertext.length);
			System.arraycopy(ciphertext, 0, sealed, IV_BYTES, ciphertext.length);
			return sealed;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is unavailable", ex);
		}
	}

	byte[] open(String kid, String sealedBy, byte[] sealed) {
		if (!this.keyId.equals(sealedBy)) {
			throw new IllegalStateException(
					"Signing key " + kid + " was sealed by key-encryption key " + sealedBy + ", but " + SETTING
							+ " is key " + this.keyId + ": set " + SETTING + " to the key it was sealed with");
		}
		try {
			Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(sealed, IV_BYTES), kid);
			return cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
		}
		catch (AEADBadTagException ex) {
			throw new IllegalStateException("Signing key " + kid + " does not open with " + SETTING
					+ ": the stored key is damaged or the setting is wrong", ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is unavailable", ex);
		}
	}

	private Cipher cipher(int mode, byte[] iv, String kid) throws GeneralSecurityException {
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(mode, this.key, new GCMParameterSpec(TAG_BITS, iv));
		cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
		return cipher;
	}

	/**
	 * A public name for a key-encryption key: the first 8 bytes of its SHA-256, in hex.
	 */
	private static String keyIdOf(byte[] keyBytes) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(keyBytes);
			return HexFormat.of().formatHex(digest, 0, 8);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
		}
	}

}
