package dev.tollgate.auth.token;

import java.util.Set;
import java.util.function.Consumer;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.util.StringUtils;

/**
 * Checks the RFC 8707 {@code resource} parameters of an authorization request, at
 * {@code /oauth2/authorize} and at {@code /oauth2/par}: each must name a resource server
 * that the requested scopes belong to ({@link ResourceIndicators}). Spring Authorization
 * Server keeps them with the authorization request, which binds the code and the grant's
 * refresh tokens to them.
 * <p>
 * It runs after Spring's own checks of {@code redirect_uri} and {@code scope}, so a
 * refusal is sent to the verified redirect URI as {@code invalid_target} (RFC 6749
 * section 4.1.2.1); a pushed request gets it as JSON.
 */
public final class AuthorizationRequestResourceValidator
		implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> {

	private final ResourceIndicators resources;

	public AuthorizationRequestResourceValidator(ResourceIndicators resources) {
		this.resources = resources;
	}

	@Override
	public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		Set<String> requested = ResourceIndicators.requested(request.getAdditionalParameters());
		if (requested.isEmpty()) {
			return;
		}
		OAuth2Error error = this.resources.check(requested, this.resources.ofScopes(request.getScopes()), Set.of());
		if (error != null) {
			throw new OAuth2AuthorizationCodeRequestAuthenticationException(error, withRedirectUri(request, context));
		}
	}

	/**
	 * The request with the redirect URI the error goes to: the one it gave, or the
	 * client's only registered one, which Spring's checks have found valid.
	 */
	private static OAuth2AuthorizationCodeRequestAuthenticationToken withRedirectUri(
			OAuth2AuthorizationCodeRequestAuthenticationToken request,
			OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		String redirectUri = StringUtils.hasText(request.getRedirectUri()) ? request.getRedirectUri()
				: context.getRegisteredClient().getRedirectUris().iterator().next();
		return new OAuth2AuthorizationCodeRequestAuthenticationToken(request.getAuthorizationUri(),
				request.getClientId(), (Authentication) request.getPrincipal(), redirectUri, request.getState(),
				request.getScopes(), request.getAdditionalParameters());
	}

}
