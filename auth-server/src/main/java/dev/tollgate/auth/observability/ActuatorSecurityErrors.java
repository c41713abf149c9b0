package dev.tollgate.auth.observability;

import java.io.IOException;

import dev.tollgate.auth.web.OAuth2ErrorResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Refusals of the actuator endpoints other than health (RFC 6750 section 3, with an RFC
 * 6749 JSON body): 401 {@code invalid_token} without a valid bearer token, 403
 * {@code insufficient_scope} without scope {@code metrics.read} or {@code admin}.
 */
public final class ActuatorSecurityErrors implements AuthenticationEntryPoint, AccessDeniedHandler {

	/** The scope a scraper needs for {@code /actuator/prometheus}. */
	public static final String SCOPE = "metrics.read";

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		if (ex instanceof InvalidBearerTokenException) {
			response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
			OAuth2ErrorResponses.write(response, HttpStatus.UNAUTHORIZED, "invalid_token",
					"The access token is malformed, expired, revoked or not issued by this server.");
			return;
		}
		response.setHeader("WWW-Authenticate", "Bearer");
		OAuth2ErrorResponses.write(response, HttpStatus.UNAUTHORIZED, "invalid_token",
				"A bearer access token with scope " + SCOPE + " or admin is required.");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		response.setHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"" + SCOPE + "\"");
		OAuth2ErrorResponses.write(response, HttpStatus.FORBIDDEN, "insufficient_scope",
				"The access token lacks the scope " + SCOPE + " (or admin).");
	}

}
