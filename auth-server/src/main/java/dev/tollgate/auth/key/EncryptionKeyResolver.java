package dev.tollgate.auth.key;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.util.StringUtils;

/**
 * Finds the key-encryption key: {@code tollgate.keys.encryption-key} when set; under the
 * {@code local} profile only, a key generated once into {@code .tollgate/encryption-key}
 * (owner-readable only). Anywhere else a missing key stops start-up, naming the setting.
 */
final class EncryptionKeyResolver {

	private static final Logger logger = LoggerFactory.getLogger(EncryptionKeyResolver.class);

	static final Path LOCAL_KEY_FILE = Path.of(".tollgate", "encryption-key");

	private EncryptionKeyResolver() {
	}

	static PrivateKeySealer resolve(String configuredKey, Environment environment) {
		if (StringUtils.hasText(configuredKey)) {
			return new PrivateKeySealer(decode(configuredKey.trim(), PrivateKeySealer.SETTING));
		}
		if (!environment.acceptsProfiles(Profiles.of("local")) || environment.acceptsProfiles(Profiles.of("prod"))) {
			throw new IllegalStateException(PrivateKeySealer.SETTING + " (TOLLGATE_KEYS_ENCRYPTION_KEY) is required:"
					+ " set it to the base64 of 32 random bytes, for example the output of `openssl rand -base64 32`");
		}
		return new PrivateKeySealer(decode(readOrCreateLocalKey(), LOCAL_KEY_FILE.toString()));
	}

	private static byte[] decode(String base64, String source) {
		try {
			return Base64.getDecoder().decode(base64);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(source + " is not valid base64: " + ex.getMessage(), ex);
		}
	}

	private static String readOrCreateLocalKey() {
		try {
			if (Files.exists(LOCAL_KEY_FILE)) {
				return Files.readString(LOCAL_KEY_FILE, StandardCharsets.US_ASCII).trim();
			}
			byte[] key = new byte[32];
			new SecureRandom().nextBytes(key);
			String encoded = Base64.getEncoder().encodeToString(key);
			Files.createDirectories(LOCAL_KEY_FILE.getParent());
			Files.writeString(LOCAL_KEY_FILE, encoded, StandardCharsets.US_ASCII);
			restrictToOwner(LOCAL_KEY_FILE);
			logger.info("Generated a local key-encryption key in {} (profile local only)",
					LOCAL_KEY_FILE.toAbsolutePath());
			return encoded;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read or create " + LOCAL_KEY_FILE.toAbsolutePath(), ex);
		}
	}

	private static void restrictToOwner(Path file) throws IOException {
		try {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		}
		catch (UnsupportedOperationException ex) {
			logger.debug("The file system of {} has no POSIX permissions", file);
		}
	}

}
