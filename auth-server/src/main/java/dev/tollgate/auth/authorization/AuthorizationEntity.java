package dev.tollgate.auth.authorization;

import java.time.Instant;

import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A row of {@code oauth2_authorization}: one grant with the tokens issued under it. Only
 * hashes of token values are kept (see {@link TokenHash}). The fields are
 * package-private: only {@link AuthorizationMapper} reads and writes them.
 * <p>
 * The id is assigned by Spring Authorization Server, so the entity says itself whether it
 * is new: saving a new authorization is then one INSERT, not a SELECT (of a merge) and an
 * INSERT.
 */
@Entity
@Table(name = "oauth2_authorization")
class AuthorizationEntity extends NewUntilStored {

	@Id
	String id;

	String registeredClientId;

	String principalName;

	String authorizationGrantType;

	String authorizedScopes;

	String attributes;

	String stateHash;

	@Embedded
	@AttributeOverride(name = "hash", column = @Column(name = "authorization_code_hash"))
	@AttributeOverride(name = "issuedAt", column = @Column(name = "authorization_code_issued_at"))
	@AttributeOverride(name = "expiresAt", column = @Column(name = "authorization_code_expires_at"))
	@AttributeOverride(name = "metadata", column = @Column(name = "authorization_code_metadata"))
	TokenColumns authorizationCode;

	@Embedded
	@AttributeOverride(name = "hash", column = @Column(name = "access_token_hash"))
	@AttributeOverride(name = "issuedAt", column = @Column(name = "access_token_issued_at"))
	@AttributeOverride(name = "expiresAt", column = @Column(name = "access_token_expires_at"))
	@AttributeOverride(name = "metadata", column = @Column(name = "access_token_metadata"))
	TokenColumns accessToken;

	@Embedded
	@AttributeOverride(name = "hash", column = @Column(name = "oidc_id_token_hash"))
	@AttributeOverride(name = "issuedAt", column = @Column(name = "oidc_id_token_issued_at"))
	@AttributeOverride(name = "expiresAt", column = @Column(name = "oidc_id_token_expires_at"))
	@AttributeOverride(name = "metadata", column = @Column(name = "oidc_id_token_metadata"))
	TokenColumns oidcIdToken;

	@Embedded
	@AttributeOverride(name = "hash", column = @Column(name = "refresh_token_hash"))
	@AttributeOverride(name = "issuedAt", column = @Column(name = "refresh_token_issued_at"))
	@AttributeOverride(name = "expiresAt", column = @Column(name = "refresh_token_expires_at"))
	@AttributeOverride(name = "metadata", column = @Column(name = "refresh_token_metadata"))
	TokenColumns refreshToken;

	@Embedded
	@AttributeOverride(name = "hash", column = @Column(name = "user_code_hash"))
	@AttributeOverride(name = "issuedAt", column = @Column(name = "user_code_issued_at"))
	@AttributeOverride(name = "expiresAt", column = @Column(name = "user_code_expires_at"))
	@AttributeOverride(name = "metadata", column = @Column(name = "user_code_metadata"))
	TokenColumns userCode;

	@Embedded
	@AttributeOverride(name = "hash", column = @Column(name = "device_code_hash"))
	@AttributeOverride(name = "issuedAt", column = @Column(name = "device_code_issued_at"))
	@AttributeOverride(name = "expiresAt", column = @Column(name = "device_code_expires_at"))
	@AttributeOverride(name = "metadata", column = @Column(name = "device_code_metadata"))
	TokenColumns deviceCode;

	String accessTokenType;

	String accessTokenScopes;

	/**
	 * When the first refresh token of this authorization was issued; rotation keeps it.
	 */
	Instant refreshTokenChainIssuedAt;

	/** See {@link AuthorizationRetention}. */
	Instant retainedUntil;

	Instant createdAt;

	Instant updatedAt;

	@Override
	public String getId() {
		return this.id;
	}

}
