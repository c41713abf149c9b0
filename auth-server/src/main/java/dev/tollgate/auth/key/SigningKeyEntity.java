package dev.tollgate.auth.key;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A row of {@code signing_key}. The private key is only ever here sealed by
 * {@link PrivateKeySealer}; the public JWK is stored as JSON.
 */
@Entity
@Table(name = "signing_key")
class SigningKeyEntity {

	@Id
	String kid;

	String algorithm;

	SigningKeyState state;

	String publicJwk;

	byte[] privateKeyCiphertext;

	String encryptionKeyId;

	Instant createdAt;

	Instant activatedAt;

	Instant retiredAt;

	Instant revokedAt;

}
