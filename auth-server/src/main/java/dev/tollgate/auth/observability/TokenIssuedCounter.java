package dev.tollgate.auth.observability;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * Writes the token endpoint's success answer (RFC 6749 section 5.1) as Spring
 * Authorization Server does, then counts the token in {@code tollgate.tokens.issued}. The
 * grant type is the request's, which a success proves to be one the server supports.
 */
public final class TokenIssuedCounter implements AuthenticationSuccessHandler {

	private final AuthenticationSuccessHandler answer = new OAuth2AccessTokenResponseAuthenticationSuccessHandler();

	private final ProtocolMetrics metrics;

	public TokenIssuedCounter(ProtocolMetrics metrics) {
		this.metrics = metrics;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException, ServletException {
		this.answer.onAuthenticationSuccess(request, response, authentication);
		if (authentication instanceof OAuth2AccessTokenAuthenticationToken token) {
			this.metrics.tokenIssued(request.getParameter(OAuth2ParameterNames.GRANT_TYPE),
					token.getRegisteredClient().getClientId());
		}
	}

}
