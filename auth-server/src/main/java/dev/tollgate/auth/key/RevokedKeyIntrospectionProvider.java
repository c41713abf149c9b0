package dev.tollgate.auth.key;

import java.text.ParseException;

import com.nimbusds.jose.JWSObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenIntrospection;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationToken;

/**
 * Token introspection (RFC 7662) that knows about revoked signing keys: a JWT whose
 * {@code kid} names a revoked key is {@code {"active":false}} from the moment of the
 * revocation, on every instance, however long it would otherwise live. Wraps Spring
 * Authorization Server's provider, which knows only about revoked and expired tokens.
 */
public final class RevokedKeyIntrospectionProvider implements AuthenticationProvider {

	private static final Logger logger = LoggerFactory.getLogger(RevokedKeyIntrospectionProvider.class);

	private final AuthenticationProvider delegate;

	private final SigningKeyService keys;

	public RevokedKeyIntrospectionProvider(AuthenticationProvider delegate, SigningKeyService keys) {
		this.delegate = delegate;
		this.keys = keys;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		Authentication result = this.delegate.authenticate(authentication);
		if (!(result instanceof OAuth2TokenIntrospectionAuthenticationToken introspection)
				|| !introspection.getTokenClaims().isActive()) {
			return result;
		}
		String kid = keyIdOf(introspection.getToken());
		if (kid == null || this.keys.isUsable(kid)) {
			return result;
		}
		logger.debug("Introspected a token signed by revoked key {}: inactive", kid);
		return new OAuth2TokenIntrospectionAuthenticationToken(introspection.getToken(),
				(Authentication) introspection.getPrincipal(), OAuth2TokenIntrospection.builder().build());
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.delegate.supports(authentication);
	}

	/**
	 * The {@code kid} of a JWS, or {@code null} for an opaque token such as a refresh
	 * token.
	 */
	private static String keyIdOf(String token) {
		try {
			return JWSObject.parse(token).getHeader().getKeyID();
		}
		catch (ParseException ex) {
			return null;
		}
	}

}
