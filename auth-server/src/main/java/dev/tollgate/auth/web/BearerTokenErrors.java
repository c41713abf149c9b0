package dev.tollgate.auth.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Refusals of an endpoint that takes this server's own access tokens as bearer tokens, as
 * RFC 6750 section 3 errors with an RFC 6749 section 5.2 JSON body: 401
 * {@code invalid_token} without a valid token, 403 {@code insufficient_scope} without the
 * scope. A subclass names the endpoint and its scope.
 */
public class BearerTokenErrors implements AuthenticationEntryPoint, AccessDeniedHandler {

	private static final Logger logger = LoggerFactory.getLogger(BearerTokenErrors.class);

	private final String endpoint;

	private final String scope;

	private final String alternativeScope;

	/**
	 * @param endpoint what the refused request went to, for the debug log
	 * @param scope the scope the endpoint requires
	 * @param alternativeScope a second scope that also admits, or {@code null}
	 */
	protected BearerTokenErrors(String endpoint, String scope, String alternativeScope) {
		this.endpoint = endpoint;
		this.scope = scope;
		this.alternativeScope = alternativeScope;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		boolean tokenSent = ex instanceof InvalidBearerTokenException;
		logger.debug("Refused a {} request: {}", this.endpoint, tokenSent ? "invalid token" : "no token");
		if (tokenSent) {
			response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
			OAuth2ErrorResponses.write(response, HttpStatus.UNAUTHORIZED, "invalid_token",
					"The access token is malformed, expired, revoked or not issued by this server.");
			return;
		}
		String scopes = (this.alternativeScope != null) ? this.scope + " or " + this.alternativeScope : this.scope;
		response.setHeader("WWW-Authenticate", "Bearer");
		OAuth2ErrorResponses.write(response, HttpStatus.UNAUTHORIZED, "invalid_token",
				"A bearer access token with scope " + scopes + " is required.");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		logger.debug("Refused a {} request: scope {} missing", this.endpoint, this.scope);
		String scopes = (this.alternativeScope != null) ? this.scope + " (or " + this.alternativeScope + ")"
				: this.scope;
		response.setHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"" + this.scope + "\"");
		OAuth2ErrorResponses.write(response, HttpStatus.FORBIDDEN, "insufficient_scope",
				"The access token lacks the scope " + scopes + ".");
	}

}
