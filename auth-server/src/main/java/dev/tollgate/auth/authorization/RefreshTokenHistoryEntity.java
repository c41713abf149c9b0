package dev.tollgate.auth.authorization;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

import org.springframework.data.domain.Persistable;

/**
 * A row of {@code oauth2_refresh_token_history}: a refresh token that its authorization
 * rotated out, by hash, and the hash of the token that replaced it. A rotated-out token
 * whose successor is the authorization's current refresh token is the immediately
 * previous one.
 * <p>
 * NOTE: an authorization keeps one row per rotation until the cleanup job deletes it, so
 * a chain refreshed every few minutes for weeks holds thousands of rows.
 * <p>
 * A row is written once and never changed, so the entity says itself that it is new:
 * saving it is one INSERT, not the SELECT of a merge first.
 */
@Entity
@Table(name = "oauth2_refresh_token_history")
class RefreshTokenHistoryEntity implements Persistable<String> {

	@Id
	String refreshTokenHash;

	@Transient
	private boolean isNew = true;

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

	@Override
	public boolean isNew() {
		return this.isNew;
	}

	@PostLoad
	@PostPersist
	void markStored() {
		this.isNew = false;
	}

}
