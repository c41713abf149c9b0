package dev.tollgate.auth.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.tollgate.auth.database.ChangeNotifications;
import dev.tollgate.auth.token.RefreshTokenPolicy;

import org.springframework.data.domain.Limit;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.StringUtils;

/**
 * {@link RegisteredClientRepository} on the {@code registered_client} table.
 * <p>
 * Security rules hold for every client whatever its row says: PKCE is required (OAuth 2.1
 * section 4.1.1), refresh tokens are never reused (they rotate on every use), and access
 * tokens are self-contained JWTs (RFC 9068).
 * <p>
 * A client's own refresh-token idle timeout and reuse overlap travel in its
 * {@link TokenSettings} under the names of {@link RefreshTokenPolicy}; a client without
 * them has null columns and follows the server-wide defaults.
 * <p>
 * A client's {@link PreviousClientSecret} in its grace period travels in its
 * {@link ClientSettings}; past the grace period it is not loaded at all.
 * <p>
 * Lookups are served from a {@link RegisteredClientCache}; every write of a client,
 * whoever makes it, goes through {@link #save} or {@link #delete}, which evict the client
 * on this instance and, through {@link ChangeNotifications}, on every other. NOTE: should
 * a notification be lost (the listening connection down), another instance may go on
 * accepting a changed or deleted client, its old secret included, for up to
 * {@link RegisteredClientCache#TIME_TO_LIVE} (60 seconds).
 */
@Repository
public class JpaRegisteredClientRepository implements RegisteredClientRepository {

	private final RegisteredClientEntityRepository clients;

	private final RegisteredClientCache cache = new RegisteredClientCache();

	JpaRegisteredClientRepository(RegisteredClientEntityRepository clients, ChangeNotifications notifications) {
		this.clients = clients;
		notifications.subscribe(RegisteredClientEntityRepository.CHANGES_CHANNEL, this.cache::evict, this.cache::clear);
	}

	@Override
	@Transactional
	public void save(RegisteredClient registeredClient) {
		RegisteredClientEntity entity = this.clients.findById(registeredClient.getId())
			.orElseGet(RegisteredClientEntity::new);
		Instant now = Instant.now();
		if (entity.getCreatedAt() == null) {
			entity.setCreatedAt(now);
		}
		entity.setUpdatedAt(now);
		copy(registeredClient, entity);
		this.clients.save(entity);
		changed(registeredClient.getId());
	}

	/**
	 * Deletes the client of row {@code id}, here and from the cache of every instance;
	 * the database deletes its authorizations, consents and quota policy with it. Revoke
	 * its tokens first: a deleted authorization is not in the revocation feed.
	 * @return whether there was such a client
	 */
	@Transactional
	public boolean delete(String id) {
		if (!this.clients.existsById(id)) {
			return false;
		}
		this.clients.deleteById(id);
		changed(id);
		return true;
	}

	/** Up to {@code limit} clients whose client_id sorts after {@code afterClientId}. */
	public List<RegisteredClient> findPage(String afterClientId, int limit) {
		return this.clients.findByClientIdGreaterThanOrderByClientIdAsc(afterClientId, Limit.of(limit))
			.stream()
			.map(JpaRegisteredClientRepository::toRegisteredClient)
			.toList();
	}

	@Override
	public RegisteredClient findById(String id) {
		return this.cache.findById(id,
				() -> this.clients.findById(id).map(JpaRegisteredClientRepository::toRegisteredClient).orElse(null));
	}

	@Override
	public RegisteredClient findByClientId(String clientId) {
		return this.cache.findByClientId(clientId,
				() -> this.clients.findByClientId(clientId)
					.map(JpaRegisteredClientRepository::toRegisteredClient)
					.orElse(null));
	}

	/** Other instances evict on the notification, sent when the transaction commits. */
	private void changed(String id) {
		this.clients.notifyChanged(id);
		ChangeNotifications.evictNowAndAfterTransaction(() -> this.cache.evict(id));
	}

	private static void copy(RegisteredClient client, RegisteredClientEntity entity) {
		entity.setId(client.getId());
		entity.setClientId(client.getClientId());
		entity
			.setClientIdIssuedAt((client.getClientIdIssuedAt() != null) ? client.getClientIdIssuedAt() : Instant.now());
		entity.setClientSecretHash(client.getClientSecret());
		entity.setClientSecretExpiresAt(client.getClientSecretExpiresAt());
		PreviousClientSecret previous = PreviousClientSecret.of(client).orElse(null);
		entity.setPreviousClientSecretHash((previous != null) ? previous.hash() : null);
		entity.setPreviousClientSecretExpiresAt((previous != null) ? previous.expiresAt() : null);
		entity.setClientName(client.getClientName());
		entity.setClientAuthenticationMethods(
				join(client.getClientAuthenticationMethods(), ClientAuthenticationMethod::getValue));
		entity.setAuthorizationGrantTypes(join(client.getAuthorizationGrantTypes(), AuthorizationGrantType::getValue));
		entity.setRedirectUris(join(client.getRedirectUris(), Function.identity()));
		entity.setPostLogoutRedirectUris(join(client.getPostLogoutRedirectUris(), Function.identity()));
		entity.setScopes(join(client.getScopes(), Function.identity()));

		ClientSettings clientSettings = client.getClientSettings();
		entity.setRequireAuthorizationConsent(clientSettings.isRequireAuthorizationConsent());
		entity.setJwkSetUrl(clientSettings.getJwkSetUrl());
		entity.setTokenEndpointAuthSigningAlg((clientSettings.getTokenEndpointAuthenticationSigningAlgorithm() != null)
				? clientSettings.getTokenEndpointAuthenticationSigningAlgorithm().getName() : null);

		TokenSettings tokenSettings = client.getTokenSettings();
		entity.setAccessTokenTtlSeconds(tokenSettings.getAccessTokenTimeToLive().toSeconds());
		entity.setRefreshTokenTtlSeconds(tokenSettings.getRefreshTokenTimeToLive().toSeconds());
		entity.setAuthorizationCodeTtlSeconds(tokenSettings.getAuthorizationCodeTimeToLive().toSeconds());
		entity.setDeviceCodeTtlSeconds(tokenSettings.getDeviceCodeTimeToLive().toSeconds());
		Duration idleTimeout = tokenSettings.getSetting(RefreshTokenPolicy.IDLE_TIMEOUT_SETTING);
		Duration reuseOverlap = tokenSettings.getSetting(RefreshTokenPolicy.REUSE_OVERLAP_SETTING);
		entity.setRefreshTokenIdleTimeoutSeconds(seconds(idleTimeout));
		entity.setRefreshTokenReuseOverlapSeconds(seconds(reuseOverlap));
	}

	static RegisteredClient toRegisteredClient(RegisteredClientEntity entity) {
		ClientSettings.Builder clientSettings = ClientSettings.builder()
			.requireProofKey(true)
			.requireAuthorizationConsent(entity.isRequireAuthorizationConsent());
		if (StringUtils.hasText(entity.getJwkSetUrl())) {
			clientSettings.jwkSetUrl(entity.getJwkSetUrl());
		}
		if (StringUtils.hasText(entity.getTokenEndpointAuthSigningAlg())) {
			clientSettings.tokenEndpointAuthenticationSigningAlgorithm(
					SignatureAlgorithm.from(entity.getTokenEndpointAuthSigningAlg()));
		}
		if (entity.getPreviousClientSecretHash() != null && entity.getPreviousClientSecretExpiresAt() != null
				&& Instant.now().isBefore(entity.getPreviousClientSecretExpiresAt())) {
			clientSettings.setting(PreviousClientSecret.HASH_SETTING, entity.getPreviousClientSecretHash());
			clientSettings.setting(PreviousClientSecret.EXPIRES_AT_SETTING, entity.getPreviousClientSecretExpiresAt());
		}
		TokenSettings.Builder tokenSettings = TokenSettings.builder()
			.accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
			.accessTokenTimeToLive(Duration.ofSeconds(entity.getAccessTokenTtlSeconds()))
			.refreshTokenTimeToLive(Duration.ofSeconds(entity.getRefreshTokenTtlSeconds()))
			.authorizationCodeTimeToLive(Duration.ofSeconds(entity.getAuthorizationCodeTtlSeconds()))
			.deviceCodeTimeToLive(Duration.ofSeconds(entity.getDeviceCodeTtlSeconds()))
			.reuseRefreshTokens(false)
			.idTokenSignatureAlgorithm(SignatureAlgorithm.RS256);
		if (entity.getRefreshTokenIdleTimeoutSeconds() != null) {
			tokenSettings.setting(RefreshTokenPolicy.IDLE_TIMEOUT_SETTING,
					Duration.ofSeconds(entity.getRefreshTokenIdleTimeoutSeconds()));
		}
		if (entity.getRefreshTokenReuseOverlapSeconds() != null) {
			tokenSettings.setting(RefreshTokenPolicy.REUSE_OVERLAP_SETTING,
					Duration.ofSeconds(entity.getRefreshTokenReuseOverlapSeconds()));
		}

		return RegisteredClient.withId(entity.getId())
			.clientId(entity.getClientId())
			.clientIdIssuedAt(entity.getClientIdIssuedAt())
			.clientSecret(entity.getClientSecretHash())
			.clientSecretExpiresAt(entity.getClientSecretExpiresAt())
			.clientName(entity.getClientName())
			.clientAuthenticationMethods((methods) -> split(entity.getClientAuthenticationMethods())
				.forEach((method) -> methods.add(new ClientAuthenticationMethod(method))))
			.authorizationGrantTypes((grantTypes) -> split(entity.getAuthorizationGrantTypes())
				.forEach((grantType) -> grantTypes.add(new AuthorizationGrantType(grantType))))
			.redirectUris((uris) -> uris.addAll(split(entity.getRedirectUris())))
			.postLogoutRedirectUris((uris) -> uris.addAll(split(entity.getPostLogoutRedirectUris())))
			.scopes((scopes) -> scopes.addAll(split(entity.getScopes())))
			.clientSettings(clientSettings.build())
			.tokenSettings(tokenSettings.build())
			.build();
	}

	private static Long seconds(Duration duration) {
		return (duration != null) ? duration.toSeconds() : null;
	}

	private static <T> String join(Collection<T> values, Function<T, String> toText) {
		return values.stream().map(toText).collect(Collectors.joining(" "));
	}

	private static Set<String> split(String value) {
		if (!StringUtils.hasText(value)) {
			return Set.of();
		}
		return Arrays.stream(value.trim().split(" +")).collect(Collectors.toUnmodifiableSet());
	}

}
