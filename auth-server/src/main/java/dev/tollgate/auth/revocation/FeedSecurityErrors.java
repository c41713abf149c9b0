package dev.tollgate.auth.revocation;

import java.io.IOException;

import dev.tollgate.auth.web.OAuth2ErrorResponses;
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
 * Refusals at the revocation feed as RFC 6750 section 3 bearer-token errors, with an RFC
 * 6749 JSON body like the other {@code /oauth2} endpoints: 401 {@code invalid_token}
 * without a valid token, 403 {@code insufficient_scope} without {@code revocations.read}.
 */
public final class FeedSecurityErrors implements AuthenticationEntryPoint, AccessDeniedHandler {

	/** The scope a client needs to read the feed. */
	public static final String SCOPE = "revocations.read";

	private static final Logger logger = LoggerFactory.getLogger(FeedSecurityErrors.class);

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		boolean tokenSent = ex instanceof InvalidBearerTokenException;
		logger.debug("Refused a revocation feed request: {}", tokenSent ? "invalid token" : "no token");
		if (tokenSent) {
			response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
			OAuth2ErrorResponses.write(response, HttpStatus.UNAUTHORIZED, "invalid_token",
					"The access token is malformed, expired, revoked or not issued by this server.");
			return;
		}
		response.setHeader("WWW-Authenticate", "Bearer");
		OAuth2ErrorResponses.write(response, HttpStatus.UNAUTHORIZED, "invalid_token",
				"A bearer access token with scope " + SCOPE + " is required.");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		logger.debug("Refused a revocation feed request: scope {} missing", SCOPE);
		response.setHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"" + SCOPE + "\"");
		OAuth2ErrorResponses.write(response, HttpStatus.FORBIDDEN, "insufficient_scope",
				"The access token lacks the scope " + SCOPE + ".");
	}

}
