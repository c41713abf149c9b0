package dev.tollgate.auth.client;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2ClientCredentialsAuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * A client_credentials request without {@code scope} is granted every scope the client is
 * registered for: RFC 6749 section 3.3 lets the server apply a pre-defined default
 * instead of failing, and a token without any scope would be of no use to any resource
 * server.
 */
public final class ClientCredentialsDefaultScopeConverter implements AuthenticationConverter {

	private final AuthenticationConverter delegate = new OAuth2ClientCredentialsAuthenticationConverter();

	@Override
	public Authentication convert(HttpServletRequest request) {
		Authentication converted = this.delegate.convert(request);
		if (!(converted instanceof OAuth2ClientCredentialsAuthenticationToken clientCredentials)
				|| !clientCredentials.getScopes().isEmpty()) {
			return converted;
		}
		Authentication clientPrincipal = SecurityContextHolder.getContext().getAuthentication();
		if (!(clientPrincipal instanceof OAuth2ClientAuthenticationToken client) || !client.isAuthenticated()) {
			return converted;
		}
		RegisteredClient registeredClient = client.getRegisteredClient();
		return new OAuth2ClientCredentialsAuthenticationToken(clientPrincipal, registeredClient.getScopes(),
				clientCredentials.getAdditionalParameters());
	}

}
