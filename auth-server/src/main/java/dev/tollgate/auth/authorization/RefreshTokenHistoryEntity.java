package dev.tollgate.auth.authorization;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A row of {@code oauth2_refresh_token_history}: a refresh token that its authorization
 * rotated out, by hash, and the hash of the token that replaced it. A rotated-out token
 * whose successor is the authorization's current refresh token is the immediately
 * previous one.
 * <p>
 * NOTE: an authorization keeps one row per rotation until the cleanup job deletes it, so
 * a chain refreshed every few minutes for weeks holds thousands of rows.
 * <p>
 * A row is written once and never changed: saving it is one INSERT
 * ({@link NewUntilStored}).
 */
@Entity
@Table(name = "oauth2_refresh_token_history")
class RefreshTokenHistoryEntity extends NewUntilStored {

	@Id
	String refreshTokenHash;

	String authorizationId;

	String replacedByHash;

	Instant rotatedAt;

	RefreshTokenHistoryEntity() {
	}

	RefreshTokenHistoryEntity(String refreshTokenHash, String authorizationId, String replacedByHash,
			Instant rotatedAt) {
		this.refreshTokenHash = refreshTokenHash;
		this.authorizationId = authorizationId;
		this.replacedByHash = replacedByHash;
		this.rotatedAt = rotatedAt;
	}

	@Override
	public String getId() {
		return this.refreshTokenHash;
	}

}
