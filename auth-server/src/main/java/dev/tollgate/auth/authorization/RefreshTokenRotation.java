package dev.tollgate.auth.authorization;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import dev.tollgate.auth.audit.AuditLog;
import dev.tollgate.auth.authorization.JpaOAuth2AuthorizationService.StoredAuthorization;
import dev.tollgate.auth.token.RefreshTokenPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The refresh-token grant (RFC 6749 section 6) with rotation and reuse detection (OAuth
 * 2.1 section 4.3.1, RFC 9700 section 4.14.2).
 * <p>
 * A request first reads, without a lock or a transaction, the authorization whose current
 * refresh token was presented; when there is one, Spring Authorization Server's
 * refresh-token provider checks the request and issues new tokens, and one statement
 * writes them together with the rotated-out token's history entry, but only on the row
 * version it read ({@link JpaOAuth2AuthorizationService#rotate}). No connection is held
 * while the tokens are signed, and the write is the only round trip after the read.
 * <p>
 * Every other request, and one whose write found the row changed (a parallel rotation
 * won, a revocation came in between), is one transaction, which first locks the row of
 * the authorization that the presented token belongs to, and then acts on what the token
 * is:
 * <ul>
 * <li>the authorization's current refresh token: Spring Authorization Server's
 * refresh-token provider checks the request and issues new tokens, and the save records
 * the rotated-out one in the history;</li>
 * <li>the immediately previous one, inside the client's reuse overlap: it is accepted
 * once more, for a client that retries after losing the response. The current token is
 * rotated in its place, so the previous one is no longer the immediately previous;</li>
 * <li>any other rotated-out token: a reuse. Every token of the authorization is revoked,
 * an audit event and a warning record it, and the client gets {@code invalid_grant};</li>
 * <li>anything else: {@code invalid_grant}.</li>
 * </ul>
 * <p>
 * The row version and the row lock serialise the requests of one authorization, so no
 * rotation is lost and none is applied on a revoked row. Of parallel requests with the
 * same token the first write rotates it, and each of the others finds a rotated-out token
 * once it has the lock. They count as its reuse, because the server cannot tell a client
 * racing itself from an attacker racing the client: with the default overlap of 0 the
 * grant is revoked, the first request's new tokens included. A request never holds more
 * than one row lock, so requests cannot deadlock each other.
 * <p>
 * NOTE: a request waiting for the row lock holds a database connection; past the pool's
 * size, parallel requests on one grant wait for a connection and may get 503. A request
 * that lost the race to rotate has signed tokens that are never answered.
 * <p>
 * NOTE: two holders of one chain who each present the previous token inside the overlap
 * can keep alternating; a reuse is detected only outside the window or for older tokens.
 */
@Service
public class RefreshTokenRotation {

	static final String REUSE_DETECTED = "refresh_token.reuse_detected";

	static final String TOKEN_REFRESHED = "token.refreshed";

	private static final Logger logger = LoggerFactory.getLogger(RefreshTokenRotation.class);

	private final JpaOAuth2AuthorizationService authorizations;

	private final RefreshTokenHistoryRepository history;

	private final OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator;

	private final RefreshTokenPolicy policy;

	private final AuditLog auditLog;

	private final TransactionTemplate transactions;

	RefreshTokenRotation(JpaOAuth2AuthorizationService authorizations, RefreshTokenHistoryRepository history,
			OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator, RefreshTokenPolicy policy, AuditLog auditLog,
			TransactionTemplate transactions) {
		this.authorizations = authorizations;
		this.history = history;
		this.tokenGenerator = tokenGenerator;
		this.policy = policy;
		this.auditLog = auditLog;
		this.transactions = transactions;
	}

	/**
	 * @param client the authenticated client that presented the token
	 * @return the new tokens, or empty for {@code invalid_grant}: a revocation for a
	 * detected reuse is committed before the caller answers
	 */
	public Optional<OAuth2AccessTokenAuthenticationToken> refresh(OAuth2RefreshTokenAuthenticationToken grant,
			RegisteredClient client) {
		StoredAuthorization current = this.authorizations.findByRefreshTokenToRotate(grant.getRefreshToken());
		if (current != null) {
			Optional<OAuth2AccessTokenAuthenticationToken> tokens = rotateWithoutLock(grant, client, current);
			if (tokens.isPresent()) {
				return tokens;
			}
		}
		return this.transactions.execute((status) -> refreshUnderLock(grant, client));
	}

	/**
	 * @return the new tokens once written, or empty when the row changed since it was
	 * read or the chain has ended: the caller decides again under the row lock
	 */
	private Optional<OAuth2AccessTokenAuthenticationToken> rotateWithoutLock(
			OAuth2RefreshTokenAuthenticationToken grant, RegisteredClient client, StoredAuthorization current) {
		Instant now = Instant.now();
		if (!this.policy.chainExpiresAt(client, current.authorization(), now).isAfter(now)) {
			return Optional.empty();
		}
		AtomicReference<OAuth2Authorization> rotated = new AtomicReference<>();
		OAuth2AuthorizationService pinned = new PinnedAuthorizationService(current.authorization(), rotated::set,
				this.authorizations);
		OAuth2AccessTokenAuthenticationToken tokens = authenticate(grant, current.authorization(), pinned);
		if (rotated.get() == null || !this.authorizations.rotate(current, rotated.get())) {
			logger.debug("Refresh of client_id {} found its authorization changed meanwhile; deciding again under"
					+ " the row lock", client.getClientId());
			return Optional.empty();
		}
		recordRefreshed(current.authorization(), client, grant, tokens);
		return Optional.of(tokens);
	}

	private Optional<OAuth2AccessTokenAuthenticationToken> refreshUnderLock(OAuth2RefreshTokenAuthenticationToken grant,
			RegisteredClient client) {
		OAuth2Authorization current = this.authorizations.findForUpdateByRefreshToken(grant.getRefreshToken());
		if (current != null) {
			return issue(grant, client, current);
		}

		RefreshTokenHistoryEntity rotated = this.history.findById(TokenHash.of(grant.getRefreshToken())).orElse(null);
		if (rotated == null) {
			logger.debug("Refresh refused for client_id {}: not a refresh token", client.getClientId());
			return Optional.empty();
		}
		OAuth2Authorization authorization = this.authorizations.findForUpdateById(rotated.authorizationId);
		if (authorization == null || !client.getId().equals(authorization.getRegisteredClientId())
				|| isRevoked(authorization)) {
			logger.debug("Refresh refused for client_id {}: a rotated-out refresh token of a revoked authorization"
					+ " or of another client", client.getClientId());
			return Optional.empty();
		}

		if (isImmediatelyPrevious(rotated, authorization) && isWithinOverlap(rotated, client)) {
			logger.debug("Refresh of client_id {} with the previous refresh token, inside the overlap",
					client.getClientId());
			return issue(grant, client, authorization);
		}
		revokeForReuse(authorization, rotated, client, grant);
		return Optional.empty();
	}

	private Optional<OAuth2AccessTokenAuthenticationToken> issue(OAuth2RefreshTokenAuthenticationToken grant,
			RegisteredClient client, OAuth2Authorization authorization) {
		Instant now = Instant.now();
		if (!this.policy.chainExpiresAt(client, authorization, now).isAfter(now)) {
			logger.debug("Refresh refused for client_id {}: the refresh token chain has ended", client.getClientId());
			return Optional.empty();
		}
		OAuth2AuthorizationService pinned = new PinnedAuthorizationService(authorization, this.authorizations::save,
				this.authorizations);
		OAuth2AccessTokenAuthenticationToken tokens = authenticate(grant, authorization, pinned);
		recordRefreshed(authorization, client, grant, tokens);
		return Optional.of(tokens);
	}

	/**
	 * Spring Authorization Server's refresh-token provider checks the request against the
	 * pinned authorization, issues the new tokens and saves them through {@code pinned}.
	 */
	private OAuth2AccessTokenAuthenticationToken authenticate(OAuth2RefreshTokenAuthenticationToken grant,
			OAuth2Authorization authorization, OAuth2AuthorizationService pinned) {
		requireProofOfBoundKey(grant, authorization);
		OAuth2RefreshTokenAuthenticationProvider provider = new OAuth2RefreshTokenAuthenticationProvider(pinned,
				this.tokenGenerator);
		return (OAuth2AccessTokenAuthenticationToken) provider.authenticate(grant);
	}

	/**
	 * A public client's refresh token is bound to the DPoP key of its grant's access
	 * token (RFC 9449 section 5), so a refresh without a proof is refused; Spring's
	 * provider checks the key only when a proof is sent. Confidential clients' refresh
	 * tokens are not bound (the RFC leaves that to their client authentication).
	 */
	private static void requireProofOfBoundKey(OAuth2RefreshTokenAuthenticationToken grant,
			OAuth2Authorization authorization) {
		boolean publicClient = grant.getPrincipal() instanceof OAuth2ClientAuthenticationToken client
				&& ClientAuthenticationMethod.NONE.equals(client.getClientAuthenticationMethod());
		OAuth2Authorization.Token<OAuth2AccessToken> accessToken = authorization.getAccessToken();
		boolean bound = accessToken != null && accessToken.getClaims() != null
				&& accessToken.getClaims().containsKey("cnf");
		if (publicClient && bound && grant.getAdditionalParameters().get("dpop_proof") == null) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_DPOP_PROOF,
					"This refresh token is bound to a DPoP key: send a DPoP header with a proof of that key", null));
		}
	}

	/** Through the batching writer, once the rotation has committed. */
	private void recordRefreshed(OAuth2Authorization authorization, RegisteredClient client,
			OAuth2RefreshTokenAuthenticationToken grant, OAuth2AccessTokenAuthenticationToken tokens) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("grant_type", AuthorizationGrantType.REFRESH_TOKEN.getValue());
		details.put("scope", String.join(" ", tokens.getAccessToken().getScopes()));
		details.put("authorization_id", authorization.getId());
		this.auditLog.recordLater(TOKEN_REFRESHED, client.getClientId(), client.getClientId(),
				authorization.getPrincipalName(), remoteAddress(grant), details);
	}

	private static boolean isRevoked(OAuth2Authorization authorization) {
		OAuth2Authorization.Token<OAuth2RefreshToken> refreshToken = authorization.getRefreshToken();
		return refreshToken == null || refreshToken.isInvalidated();
	}

	private static boolean isImmediatelyPrevious(RefreshTokenHistoryEntity rotated, OAuth2Authorization authorization) {
		String currentHash = TokenHash.ofHeldValue(authorization.getRefreshToken().getToken().getTokenValue());
		return rotated.replacedByHash.equals(currentHash);
	}

	private boolean isWithinOverlap(RefreshTokenHistoryEntity rotated, RegisteredClient client) {
		return Instant.now().isBefore(rotated.rotatedAt.plus(this.policy.reuseOverlap(client)));
	}

	private void revokeForReuse(OAuth2Authorization authorization, RefreshTokenHistoryEntity rotated,
			RegisteredClient client, OAuth2RefreshTokenAuthenticationToken grant) {
		this.authorizations.save(AuthorizationRevocation.invalidateEveryToken(authorization));

		Map<String, Object> details = new LinkedHashMap<>();
		details.put("authorization_id", authorization.getId());
		details.put("rotated_at", rotated.rotatedAt.toString());
		this.auditLog.record(REUSE_DETECTED, client.getClientId(), client.getClientId(),
				authorization.getPrincipalName(), remoteAddress(grant), details);
		logger.warn("Refresh token reuse: client_id {} presented a rotated-out refresh token of authorization {};"
				+ " every token of the authorization is revoked", client.getClientId(), authorization.getId());
	}

	private static String remoteAddress(OAuth2RefreshTokenAuthenticationToken grant) {
		return (grant.getDetails() instanceof WebAuthenticationDetails details) ? details.getRemoteAddress() : null;
	}

	/**
	 * Hands Spring Authorization Server's refresh-token provider the authorization this
	 * class has already found (and locked, or read with its version), instead of letting
	 * it look the presented token up again: inside the overlap, the presented token is
	 * not the current one, and the provider would not find it. Its save goes where this
	 * class says: to the real service under the lock, or to the caller, which writes it
	 * only on the row version it read. Everything else goes to the real service.
	 */
	private static final class PinnedAuthorizationService implements OAuth2AuthorizationService {

		private final OAuth2Authorization authorization;

		private final Consumer<OAuth2Authorization> save;

		private final OAuth2AuthorizationService delegate;

		PinnedAuthorizationService(OAuth2Authorization authorization, Consumer<OAuth2Authorization> save,
				OAuth2AuthorizationService delegate) {
			this.authorization = authorization;
			this.save = save;
			this.delegate = delegate;
		}

		@Override
		public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
			return OAuth2TokenType.REFRESH_TOKEN.equals(tokenType) ? this.authorization
					: this.delegate.findByToken(token, tokenType);
		}

		@Override
		public OAuth2Authorization findById(String id) {
			return this.delegate.findById(id);
		}

		@Override
		public void save(OAuth2Authorization authorization) {
			this.save.accept(authorization);
		}

		@Override
		public void remove(OAuth2Authorization authorization) {
			this.delegate.remove(authorization);
		}

	}

}
