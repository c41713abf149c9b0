package dev.tollgate.auth.key;

import java.time.Instant;

/**
 * What may be shown of a signing key: its identity, algorithm, state and history, never
 * any key material.
 *
 * @param kid the key id of the JWK (RFC 7517 section 4.5), its RFC 7638 thumbprint
 * @param algorithm the JWS algorithm (RFC 7518 section 3.1)
 * @param state {@code next}, {@code active}, {@code retired}, {@code gone} or
 * {@code revoked}
 * @param createdAt when the key was made, and published if it was made as a next key
 * @param activatedAt when it began to sign, or {@code null}
 * @param retiredAt when it stopped signing in a rotation, or {@code null}
 * @param revokedAt when it was revoked, or {@code null}
 */
public record SigningKeySummary(String kid, String algorithm, String state, Instant createdAt, Instant activatedAt,
		Instant retiredAt, Instant revokedAt) {

	static SigningKeySummary of(SigningKeyEntity row) {
		return new SigningKeySummary(row.kid, row.algorithm, row.state.value(), row.createdAt, row.activatedAt,
				row.retiredAt, row.revokedAt);
	}

}
