package dev.tollgate.auth.token;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * Issues a fresh refresh token of 256 random bits to every client allowed the
 * {@code refresh_token} grant, public clients included (OAuth 2.1 section 4.3.1 permits
 * it when the token rotates on every use, as every Tollgate refresh token does). Spring
 * Authorization Server's own generator refuses public clients.
 * <p>
 * The token expires at the end of the client's idle timeout or at the end of its chain,
 * whichever comes first ({@link RefreshTokenPolicy}), so that Spring Authorization
 * Server's own expiry check enforces both.
 * <p>
 * NOTE: a client's changed idle timeout applies from its next refresh token on; a token
 * already issued keeps the expiry it was issued with.
 */
final class RotatingRefreshTokenGenerator implements OAuth2TokenGenerator<OAuth2RefreshToken> {

	private static final int TOKEN_BYTES = 32;

	private final SecureRandom random = new SecureRandom();

	private final RefreshTokenPolicy policy;

	RotatingRefreshTokenGenerator(RefreshTokenPolicy policy) {
		this.policy = policy;
	}

	@Override
	public OAuth2RefreshToken generate(OAuth2TokenContext context) {
		if (!OAuth2TokenType.REFRESH_TOKEN.equals(context.getTokenType()) || !context.getRegisteredClient()
			.getAuthorizationGrantTypes()
			.contains(AuthorizationGrantType.REFRESH_TOKEN)) {
			return null;
		}
		Instant issuedAt = Instant.now();
		Instant expiresAt = this.policy.expiresAt(context.getRegisteredClient(), context.getAuthorization(), issuedAt);
		if (!expiresAt.isAfter(issuedAt)) {
			// The chain has ended; RefreshTokenRotation refuses such a request before.
			return null;
		}
		byte[] value = new byte[TOKEN_BYTES];
		this.random.nextBytes(value);
		return new OAuth2RefreshToken(Base64.getUrlEncoder().withoutPadding().encodeToString(value), issuedAt,
				expiresAt);
	}

}
