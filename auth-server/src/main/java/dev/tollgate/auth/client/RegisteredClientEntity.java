package dev.tollgate.auth.client;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A row of {@code registered_client}. Multi-valued protocol fields (grant types, scopes,
 * redirect URIs) are stored space-separated, the way RFC 6749 writes {@code scope}; none
 * of their values may contain a space.
 */
@Entity
@Table(name = "registered_client")
class RegisteredClientEntity {

	@Id
	private String id;

	private String clientId;

	private Instant clientIdIssuedAt;

	private String clientSecretHash;

	private Instant clientSecretExpiresAt;

	/**
	 * The secret a rotation replaced, accepted until
	 * {@link #previousClientSecretExpiresAt}.
	 */
	private String previousClientSecretHash;

	private Instant previousClientSecretExpiresAt;

	private String clientName;

	private String clientAuthenticationMethods;

	private String authorizationGrantTypes;

	private String redirectUris;

	private String postLogoutRedirectUris;

	private String scopes;

	private boolean requireAuthorizationConsent;

	private String jwkSetUrl;

	@Column(name = "token_endpoint_auth_signing_alg")
	private String tokenEndpointAuthSigningAlg;

	private long accessTokenTtlSeconds;

	private long refreshTokenTtlSeconds;

	private long authorizationCodeTtlSeconds;

	private long deviceCodeTtlSeconds;

	/** Null: the server-wide {@code tollgate.tokens.refresh-token-idle-timeout}. */
	private Long refreshTokenIdleTimeoutSeconds;

	/** Null: the server-wide {@code tollgate.tokens.refresh-token-reuse-overlap}. */
	private Long refreshTokenReuseOverlapSeconds;

	private Instant createdAt;

	private Instant updatedAt;

	String getId() {
		return this.id;
	}

	void setId(String id) {
		this.id = id;
	}

	String getClientId() {
		return this.clientId;
	}

	void setClientId(String clientId) {
		this.clientId = clientId;
	}

	Instant getClientIdIssuedAt() {
		return this.clientIdIssuedAt;
	}

	void setClientIdIssuedAt(Instant clientIdIssuedAt) {
		this.clientIdIssuedAt = clientIdIssuedAt;
	}

	String getClientSecretHash() {
		return this.clientSecretHash;
	}

	void setClientSecretHash(String clientSecretHash) {
		this.clientSecretHash = clientSecretHash;
	}

	Instant getClientSecretExpiresAt() {
		return this.clientSecretExpiresAt;
	}

	void setClientSecretExpiresAt(Instant clientSecretExpiresAt) {
		this.clientSecretExpiresAt = clientSecretExpiresAt;
	}

	String getPreviousClientSecretHash() {
		return this.previousClientSecretHash;
	}

	void setPreviousClientSecretHash(String previousClientSecretHash) {
		this.previousClientSecretHash = previousClientSecretHash;
	}

	Instant getPreviousClientSecretExpiresAt() {
		return this.previousClientSecretExpiresAt;
	}

	void setPreviousClientSecretExpiresAt(Instant previousClientSecretExpiresAt) {
		this.previousClientSecretExpiresAt = previousClientSecretExpiresAt;
	}

	String getClientName() {
		return this.clientName;
	}

	void setClientName(String clientName) {
		this.clientName = clientName;
	}

	String getClientAuthenticationMethods() {
		return this.clientAuthenticationMethods;
	}

	void setClientAuthenticationMethods(String clientAuthenticationMethods) {
		this.clientAuthenticationMethods = clientAuthenticationMethods;
	}

	String getAuthorizationGrantTypes() {
		return this.authorizationGrantTypes;
	}

	void setAuthorizationGrantTypes(String authorizationGrantTypes) {
		this.authorizationGrantTypes = authorizationGrantTypes;
	}

	String getRedirectUris() {
		return this.redirectUris;
	}

	void setRedirectUris(String redirectUris) {
		this.redirectUris = redirectUris;
	}

	String getPostLogoutRedirectUris() {
		return this.postLogoutRedirectUris;
	}

	void setPostLogoutRedirectUris(String postLogoutRedirectUris) {
		this.postLogoutRedirectUris = postLogoutRedirectUris;
	}

	String getScopes() {
		return this.scopes;
	}

	void setScopes(String scopes) {
		this.scopes = scopes;
	}

	boolean isRequireAuthorizationConsent() {
		return this.requireAuthorizationConsent;
	}

	void setRequireAuthorizationConsent(boolean requireAuthorizationConsent) {
		this.requireAuthorizationConsent = requireAuthorizationConsent;
	}

	String getJwkSetUrl() {
		return this.jwkSetUrl;
	}

	void setJwkSetUrl(String jwkSetUrl) {
		this.jwkSetUrl = jwkSetUrl;
	}

	String getTokenEndpointAuthSigningAlg() {
		return this.tokenEndpointAuthSigningAlg;
	}

	void setTokenEndpointAuthSigningAlg(String tokenEndpointAuthSigningAlg) {
		this.tokenEndpointAuthSigningAlg = tokenEndpointAuthSigningAlg;
	}

	long getAccessTokenTtlSeconds() {
		return this.accessTokenTtlSeconds;
	}

	void setAccessTokenTtlSeconds(long accessTokenTtlSeconds) {
		this.accessTokenTtlSeconds = accessTokenTtlSeconds;
	}

	long getRefreshTokenTtlSeconds() {
		return this.refreshTokenTtlSeconds;
	}

	void setRefreshTokenTtlSeconds(long refreshTokenTtlSeconds) {
		this.refreshTokenTtlSeconds = refreshTokenTtlSeconds;
	}

	long getAuthorizationCodeTtlSeconds() {
		return this.authorizationCodeTtlSeconds;
	}

	void setAuthorizationCodeTtlSeconds(long authorizationCodeTtlSeconds) {
		this.authorizationCodeTtlSeconds = authorizationCodeTtlSeconds;
	}

	long getDeviceCodeTtlSeconds() {
		return this.deviceCodeTtlSeconds;
	}

	void setDeviceCodeTtlSeconds(long deviceCodeTtlSeconds) {
		this.deviceCodeTtlSeconds = deviceCodeTtlSeconds;
	}

	Long getRefreshTokenIdleTimeoutSeconds() {
		return this.refreshTokenIdleTimeoutSeconds;
	}

	void setRefreshTokenIdleTimeoutSeconds(Long refreshTokenIdleTimeoutSeconds) {
		this.refreshTokenIdleTimeoutSeconds = refreshTokenIdleTimeoutSeconds;
	}

	Long getRefreshTokenReuseOverlapSeconds() {
		return this.refreshTokenReuseOverlapSeconds;
	}

	void setRefreshTokenReuseOverlapSeconds(Long refreshTokenReuseOverlapSeconds) {
		this.refreshTokenReuseOverlapSeconds = refreshTokenReuseOverlapSeconds;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

	void setCreatedAt(Instant createdAt) {
		this.createdAt = createdAt;
	}

	Instant getUpdatedAt() {
		return this.updatedAt;
	}

	void setUpdatedAt(Instant updatedAt) {
		this.updatedAt = updatedAt;
	}

}
