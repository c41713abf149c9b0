package dev.tollgate.auth.authorization;

import java.time.Instant;
import java.util.List;

import dev.tollgate.auth.revocation.RevokedAccessTokens;

import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Revokes every token of many authorizations at once, for the admin API: all of a
 * client's, or all issued for a user. Each authorization is revoked as RFC 7009 section
 * 2.1 lets a server revoke a grant: every token in it is invalidated, so its access token
 * is inactive at introspection, its refresh token no longer works, and the access token's
 * {@code jti} goes to the revocation feed ({@link RevokedAccessTokens}) through
 * {@link JpaOAuth2AuthorizationService#save}.
 * <p>
 * Each row is locked while it is revoked, so a refresh running at the same time either
 * finishes first, and its new tokens are revoked, or finds the grant revoked.
 * <p>
 * NOTE: all the authorizations are revoked in the caller's one transaction: a client with
 * hundreds of thousands of live tokens holds that many row locks until it commits.
 */
@Service
@Transactional
public class AuthorizationRevocation {

	private final AuthorizationEntityRepository authorizations;

	private final JpaOAuth2AuthorizationService authorizationService;

	AuthorizationRevocation(AuthorizationEntityRepository authorizations,
			JpaOAuth2AuthorizationService authorizationService) {
		this.authorizations = authorizations;
		this.authorizationService = authorizationService;
	}

	/**
	 * Revokes every token of the client's authorizations.
	 * @param registeredClientId the client's row id ({@code RegisteredClient.getId()})
	 * @return how many authorizations held a token that was still valid
	 */
	public int revokeByRegisteredClient(String registeredClientId) {
		return revoke(
				this.authorizations.findIdsWithTokensAliveByRegisteredClientId(registeredClientId, Instant.now()));
	}

	/**
	 * Revokes every token issued for the user, whatever the client: the grants whose
	 * principal is the user, not the client_credentials grants of a client that happens
	 * to have the same name.
	 * @return how many authorizations held a token that was still valid
	 */
	public int revokeByPrincipalName(String principalName) {
		return revoke(this.authorizations.findIdsWithTokensAliveByPrincipalName(principalName, Instant.now()));
	}

	private int revoke(List<String> authorizationIds) {
		int revoked = 0;
		for (String id : authorizationIds) {
			OAuth2Authorization authorization = this.authorizationService.findForUpdateById(id);
			if (authorization != null && hasValidToken(authorization)) {
				this.authorizationService.save(invalidateEveryToken(authorization));
				revoked++;
			}
		}
		return revoked;
	}

	private static boolean hasValidToken(OAuth2Authorization authorization) {
		return AuthorizationRetention.TOKEN_TYPES.stream()
			.map(authorization::getToken)
			.anyMatch((token) -> token != null && token.isActive());
	}

	/** The authorization with every token in it marked invalidated. */
	static OAuth2Authorization invalidateEveryToken(OAuth2Authorization authorization) {
		OAuth2Authorization.Builder builder = OAuth2Authorization.from(authorization);
		for (Class<? extends OAuth2Token> type : AuthorizationRetention.TOKEN_TYPES) {
			OAuth2Authorization.Token<? extends OAuth2Token> token = authorization.getToken(type);
			if (token != null) {
				builder.token(token.getToken(),
						(metadata) -> metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, true));
			}
		}
		return builder.build();
	}

}
