package dev.tollgate.auth.admin;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Answers an admin API request that is not allowed in, as problem details with the
 * bearer-token challenge of RFC 6750 section 3: 401 without a valid access token, 403
 * when the token lacks scope {@value #ADMIN_SCOPE}.
 */
public final class AdminSecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

	public static final String ADMIN_SCOPE = "admin";

	private static final Logger logger = LoggerFactory.getLogger(AdminSecurityProblems.class);

	static final String TOKEN_REQUIRED = "A bearer access token with scope " + ADMIN_SCOPE + " is required";

	static final String TOKEN_INVALID = "The access token is invalid, expired or revoked";

	static final String SCOPE_MISSING = "The access token lacks scope " + ADMIN_SCOPE;

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
			throws IOException {
		if (exception instanceof OAuth2AuthenticationException) {
			logger.debug("Admin API request with a bad bearer token: {}", exception.getMessage());
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer realm=\"tollgate\", error=\"invalid_token\", error_description=\"" + TOKEN_INVALID + "\"");
			ProblemResponses.write(request, response, HttpStatus.UNAUTHORIZED, TOKEN_INVALID);
			return;
		}
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"tollgate\"");
		ProblemResponses.write(request, response, HttpStatus.UNAUTHORIZED, TOKEN_REQUIRED);
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception)
			throws IOException {
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
				"Bearer realm=\"tollgate\", error=\"insufficient_scope\", scope=\"" + ADMIN_SCOPE + "\"");
		ProblemResponses.write(request, response, HttpStatus.FORBIDDEN, SCOPE_MISSING);
	}

}
