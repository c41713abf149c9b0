package dev.tollgate.auth.authorization;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;

/**
 * How long a row of {@code oauth2_authorization} is worth keeping, computed on every save
 * into {@code retained_until}, the column {@link AuthorizationCleanup} deletes by:
 * <ul>
 * <li>until the last of its tokens that can still be used expires;</li>
 * <li>a revoked access token counts until it expires too, because resource servers learn
 * of its revocation from the revocation feed until then;</li>
 * <li>any other revoked token does not count: nothing can be done with it;</li>
 * <li>a row without any token yet, an authorization request waiting for the user's
 * consent, is kept for {@link #PENDING_REQUEST_LIFETIME} after its last change.</li>
 * </ul>
 * Expiry already covers the refresh-token idle timeout and chain lifetime, which are part
 * of the refresh token's {@code expiresAt}.
 * <p>
 * NOTE: once a row is deleted, an {@code id_token_hint} of its ID token no longer
 * identifies a session at the logout endpoint.
 */
final class AuthorizationRetention {

	/** How long an authorization request may wait on the consent page. */
	static final Duration PENDING_REQUEST_LIFETIME = Duration.ofHours(1);

	/** Every kind of token an authorization can hold. */
	static final List<Class<? extends OAuth2Token>> TOKEN_TYPES = List.of(OAuth2AuthorizationCode.class,
			OAuth2AccessToken.class, OidcIdToken.class, OAuth2RefreshToken.class, OAuth2UserCode.class,
			OAuth2DeviceCode.class);

	private AuthorizationRetention() {
	}

	static Instant retainedUntil(OAuth2Authorization authorization, Instant now) {
		boolean anyToken = false;
		Instant until = now;
		for (Class<? extends OAuth2Token> type : TOKEN_TYPES) {
			OAuth2Authorization.Token<? extends OAuth2Token> token = authorization.getToken(type);
			if (token == null) {
				continue;
			}
			anyToken = true;
			Instant expiresAt = token.getToken().getExpiresAt();
			boolean counts = !token.isInvalidated() || type == OAuth2AccessToken.class;
			if (counts && expiresAt != null && expiresAt.isAfter(until)) {
				until = expiresAt;
			}
		}
		return anyToken ? until : now.plus(PENDING_REQUEST_LIFETIME);
	}

}
