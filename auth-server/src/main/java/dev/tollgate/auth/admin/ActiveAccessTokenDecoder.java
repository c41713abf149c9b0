package dev.tollgate.auth.admin;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * Accepts an access token at the admin API only while this server still holds it as
 * active: signed by a published key, and neither revoked (RFC 7009) nor expired. A JWT
 * alone would stay valid after its revocation until it expires; the server that issued it
 * need not trust it that long.
 */
public final class ActiveAccessTokenDecoder implements JwtDecoder {

	private final JwtDecoder delegate;

	private final OAuth2AuthorizationService authorizations;

	public ActiveAccessTokenDecoder(JwtDecoder delegate, OAuth2AuthorizationService authorizations) {
		this.delegate = delegate;
		this.authorizations = authorizations;
	}

	@Override
	public Jwt decode(String token) {
		Jwt jwt = this.delegate.decode(token);
		OAuth2Authorization authorization = this.authorizations.findByToken(token, OAuth2TokenType.ACCESS_TOKEN);
		if (authorization == null || authorization.getAccessToken() == null
				|| !authorization.getAccessToken().isActive()) {
			throw new BadJwtException("The access token is not active at this server");
		}
		return jwt;
	}

}
