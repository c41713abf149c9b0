package dev.tollgate.auth.authorization;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.tollgate.auth.revocation.RevokedAccessTokens;

import org.springframework.dao.DataRetrievalFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link OAuth2AuthorizationService} on the {@code oauth2_authorization} table, where
 * token values exist only as {@link TokenHash hashes}. Each lookup by token is one probe
 * of a unique index, one statement in plain JDBC without a transaction of its own
 * ({@link AuthorizationRows}).
 * <p>
 * The refresh-token grant reads the row without a lock and writes its rotation with
 * {@link #rotate}: one statement that lands only on the row version it read (see
 * {@link RefreshTokenRotation}).
 * <p>
 * A save that replaces the refresh token records the old one's hash in
 * {@code oauth2_refresh_token_history}, whatever provider rotated it, so that
 * {@link RefreshTokenRotation} recognises it when it comes back; a save that invalidates
 * a live access token records its {@code jti} for the revocation feed
 * ({@link RevokedAccessTokens}), whatever invalidated it.
 * <p>
 * A new authorization saved outside any transaction (the token endpoint's client
 * credentials grant, a new authorization request or device authorization) is inserted
 * with plain JDBC together with those of concurrent requests, one statement and one
 * commit for the lot ({@link AuthorizationInserts}); the save still returns only once its
 * row is committed.
 */
@Service
public class JpaOAuth2AuthorizationService implements OAuth2AuthorizationService {

	private static final List<Class<? extends OAuth2Token>> REFRESHED_TOKEN_TYPES = List.of(OAuth2AccessToken.class,
			OidcIdToken.class, OAuth2RefreshToken.class);

	private final AuthorizationEntityRepository authorizations;

	private final RegisteredClientRepository registeredClients;

	private final RefreshTokenHistoryRepository refreshTokenHistory;

	private final RevokedAccessTokens revokedAccessTokens;

	private final AuthorizationMapper mapper = new AuthorizationMapper();

	private final AuthorizationInserts inserts;

	private final AuthorizationRows rows;

	private final TransactionTemplate transactions;

	JpaOAuth2AuthorizationService(AuthorizationEntityRepository authorizations,
			RefreshTokenHistoryRepository refreshTokenHistory, RegisteredClientRepository registeredClients,
			RevokedAccessTokens revokedAccessTokens, JdbcTemplate jdbc, TransactionTemplate transactions) {
		this.authorizations = authorizations;
		this.inserts = new AuthorizationInserts(jdbc);
		this.rows = new AuthorizationRows(jdbc);
		this.transactions = transactions;
		this.revokedAccessTokens = revokedAccessTokens;
		this.refreshTokenHistory = refreshTokenHistory;
		this.registeredClients = registeredClients;
	}

	/**
	 * Saves a new authorization with one INSERT, without reading first: only one that was
	 * read from its row (see {@link AuthorizationMapper#isStored}) is looked up, from the
	 * persistence context when this transaction read it already. Outside a transaction, a
	 * new authorization with nothing revoked is group-committed ({@link #insertNew});
	 * every other save runs in the caller's transaction, or a transaction of its own.
	 */
	@Override
	public void save(OAuth2Authorization authorization) {
		OAuth2Authorization.Token<OAuth2AccessToken> accessToken = authorization.getAccessToken();
		if (!AuthorizationMapper.isStored(authorization)
				&& !TransactionSynchronizationManager.isActualTransactionActive()
				&& (accessToken == null || !accessToken.isInvalidated())) {
			insertNew(authorization);
			return;
		}
		this.transactions.executeWithoutResult((status) -> saveInTransaction(authorization));
	}

	/**
	 * A new authorization has no refresh token to record in the history and no access
	 * token to record as revoked: its row is all there is to write.
	 */
	private void insertNew(OAuth2Authorization authorization) {
		AuthorizationEntity entity = new AuthorizationEntity();
		Instant now = Instant.now();
		entity.createdAt = now;
		entity.updatedAt = now;
		this.mapper.copy(authorization, entity);
		entity.retainedUntil = AuthorizationRetention.retainedUntil(authorization, now);
		this.inserts.insert(entity);
	}

	private void saveInTransaction(OAuth2Authorization authorization) {
		AuthorizationEntity entity = AuthorizationMapper.isStored(authorization)
				? this.authorizations.findById(authorization.getId()).orElseGet(AuthorizationEntity::new)
				: new AuthorizationEntity();
		String previousRefreshTokenHash = refreshTokenHash(entity);
		boolean accessTokenWasInvalidated = this.mapper.isInvalidated(entity.accessToken);
		String previousAccessTokenHash = (entity.accessToken != null) ? entity.accessToken.hash : null;
		Instant now = Instant.now();
		if (entity.createdAt == null) {
			entity.createdAt = now;
		}
		entity.updatedAt = now;
		this.mapper.copy(authorization, entity);
		entity.retainedUntil = AuthorizationRetention.retainedUntil(authorization, now);
		this.authorizations.save(entity);

		boolean sameAccessToken = entity.accessToken != null
				&& Objects.equals(previousAccessTokenHash, entity.accessToken.hash);
		if (!(sameAccessToken && accessTokenWasInvalidated)) {
			recordRevocation(authorization.getAccessToken(), now);
		}

		String refreshTokenHash = refreshTokenHash(entity);
		if (previousRefreshTokenHash != null && refreshTokenHash != null
				&& !previousRefreshTokenHash.equals(refreshTokenHash)) {
			this.refreshTokenHistory
				.save(new RefreshTokenHistoryEntity(previousRefreshTokenHash, entity.id, refreshTokenHash, now));
		}
	}

	@Override
	@Transactional
	public void remove(OAuth2Authorization authorization) {
		this.authorizations.deleteById(authorization.getId());
	}

	@Override
	@Transactional(readOnly = true)
	public OAuth2Authorization findById(String id) {
		return this.authorizations.findById(id).map((entity) -> toAuthorization(entity, null, null)).orElse(null);
	}

	/**
	 * One statement in plain JDBC ({@link AuthorizationRows}), in the caller's
	 * transaction if there is one, under auto-commit otherwise.
	 */
	@Override
	public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
		String hash = TokenHash.of(token);
		return findByHash(hash, tokenType).map((row) -> toAuthorization(row.entity(), hash, token)).orElse(null);
	}

	/**
	 * The authorization whose current refresh token this is, read without a lock and with
	 * its row version, for {@link #rotate}; {@code null} when the token is not the
	 * current refresh token of any authorization.
	 */
	StoredAuthorization findByRefreshTokenToRotate(String refreshToken) {
		String hash = TokenHash.of(refreshToken);
		return findByHash(hash, OAuth2TokenType.REFRESH_TOKEN)
			.map((row) -> new StoredAuthorization(toAuthorization(row.entity(), hash, refreshToken), row))
			.orElse(null);
	}

	/**
	 * Saves what the refresh-token grant made of {@code stored}, new access, ID and
	 * refresh tokens, in one statement that also records the rotated-out refresh token in
	 * the history, provided that the row has not changed since it was read.
	 * @return whether it saved; {@code false} when the row changed meanwhile (another
	 * rotation, a revocation), or when {@code rotated} differs from {@code stored} in
	 * more than a rotation's new tokens: the caller then refreshes again under the row
	 * lock
	 */
	boolean rotate(StoredAuthorization stored, OAuth2Authorization rotated) {
		if (!isPlainRotation(stored.authorization(), rotated)) {
			return false;
		}
		Instant now = Instant.now();
		AuthorizationEntity entity = new AuthorizationEntity();
		entity.refreshTokenChainIssuedAt = stored.row().entity().refreshTokenChainIssuedAt;
		this.mapper.copyRefreshedTokens(rotated, entity);
		entity.retainedUntil = AuthorizationRetention.retainedUntil(rotated, now);
		entity.updatedAt = now;
		return this.rows.rotate(stored.row(), entity, now);
	}

	/**
	 * Whether only the tokens a refresh replaces changed, each to a new live one: then
	 * there is no revoked access token to record and nothing else of the row to write.
	 */
	private static boolean isPlainRotation(OAuth2Authorization stored, OAuth2Authorization rotated) {
		OAuth2Authorization.Token<OAuth2AccessToken> accessToken = rotated.getAccessToken();
		OAuth2Authorization.Token<OAuth2RefreshToken> refreshToken = rotated.getRefreshToken();
		return stored.getId().equals(rotated.getId()) && accessToken != null && !accessToken.isInvalidated()
				&& refreshToken != null && !refreshToken.isInvalidated()
				&& !refreshToken.getToken().getTokenValue().equals(stored.getRefreshToken().getToken().getTokenValue())
				&& stored.getAttributes().equals(rotated.getAttributes())
				&& stored.getAuthorizedScopes().equals(rotated.getAuthorizedScopes())
				&& stored.getPrincipalName().equals(rotated.getPrincipalName())
				&& AuthorizationRetention.TOKEN_TYPES.stream()
					.filter((type) -> !REFRESHED_TOKEN_TYPES.contains(type))
					.allMatch((type) -> Objects.equals(stored.getToken(type), rotated.getToken(type)));
	}

	/**
	 * Like {@link #findByToken} for a refresh token, and locks the row until the
	 * transaction ends; {@code null} when the token is not the current refresh token of
	 * any authorization.
	 */
	@Transactional
	public OAuth2Authorization findForUpdateByRefreshToken(String refreshToken) {
		String hash = TokenHash.of(refreshToken);
		return this.authorizations.findForUpdateByRefreshTokenHash(hash)
			.map((entity) -> toAuthorization(entity, hash, refreshToken))
			.orElse(null);
	}

	/** Like {@link #findById}, and locks the row until the transaction ends. */
	@Transactional
	public OAuth2Authorization findForUpdateById(String id) {
		return this.authorizations.findForUpdateById(id)
			.map((entity) -> toAuthorization(entity, null, null))
			.orElse(null);
	}

	/**
	 * Records an access token that this save invalidated while it was still alive. Only a
	 * JWT has a {@code jti}; a reference token is checked at introspection anyway.
	 */
	private void recordRevocation(OAuth2Authorization.Token<OAuth2AccessToken> accessToken, Instant now) {
		if (accessToken == null || !accessToken.isInvalidated() || accessToken.isExpired()
				|| accessToken.getToken().getExpiresAt() == null || accessToken.getClaims() == null) {
			return;
		}
		Object jti = accessToken.getClaims().get("jti");
		if (jti != null) {
			this.revokedAccessTokens.record(jti.toString(), accessToken.getToken().getExpiresAt(), now);
		}
	}

	private static String refreshTokenHash(AuthorizationEntity entity) {
		return (entity.refreshToken != null) ? entity.refreshToken.hash : null;
	}

	private Optional<AuthorizationRows.VersionedRow> findByHash(String hash, OAuth2TokenType tokenType) {
		if (tokenType == null) {
			return this.rows.findByAnyTokenHash(hash);
		}
		String column = switch (tokenType.getValue()) {
			case OAuth2ParameterNames.STATE -> "state_hash";
			case OAuth2ParameterNames.CODE -> "authorization_code_hash";
			case OAuth2ParameterNames.ACCESS_TOKEN -> "access_token_hash";
			case OidcParameterNames.ID_TOKEN -> "oidc_id_token_hash";
			case OAuth2ParameterNames.REFRESH_TOKEN -> "refresh_token_hash";
			case OAuth2ParameterNames.USER_CODE -> "user_code_hash";
			case OAuth2ParameterNames.DEVICE_CODE -> "device_code_hash";
			default -> null;
		};
		return (column != null) ? this.rows.findByTokenHash(column, hash) : Optional.empty();
	}

	/** An authorization as read without a lock, and the row it was read from. */
	record StoredAuthorization(OAuth2Authorization authorization, AuthorizationRows.VersionedRow row) {
	}

	private OAuth2Authorization toAuthorization(AuthorizationEntity entity, String hash, String token) {
		RegisteredClient registeredClient = this.registeredClients.findById(entity.registeredClientId);
		if (registeredClient == null) {
			throw new DataRetrievalFailureException(
					"Registered client " + entity.registeredClientId + " of authorization " + entity.id + " is gone");
		}
		return this.mapper.toAuthorization(entity, registeredClient, hash, token);
	}

}
