package dev.tollgate.gateway.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import dev.tollgate.gateway.GatewayProperties;
import dev.tollgate.gateway.error.ErrorWriter;
import dev.tollgate.gateway.error.OpenAiError;

/**
 * Answers the security filters' refusals in OpenAI's error shape, with the
 * {@code WWW-Authenticate} challenge of RFC 6750 §3: 401 for a missing or invalid token,
 * 403 for a token without the scope {@code llm.chat}, and 503 when no token can be
 * checked because the issuer's keys have never been fetched.
 */
final class SecurityErrorHandler implements AuthenticationEntryPoint, AccessDeniedHandler {

	static final String SCOPE = "llm.chat";

	private final ErrorWriter writer;

	private final String issuer;

	SecurityErrorHandler(ErrorWriter writer, GatewayProperties properties) {
		this.writer = writer;
		this.issuer = properties.issuerBase();
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		if (ex instanceof AuthenticationServiceException) {
			this.writer.write(response, HttpStatus.SERVICE_UNAVAILABLE,
					OpenAiError.of(
							"The issuer's keys cannot be" + " fetched from " + this.issuer
									+ ", so no access token can be verified. Please try again later.",
							"server_error", "issuer_unavailable"));
			return;
		}
		if (ex instanceof InsufficientAuthenticationException) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
			unauthorized(response, "No access token: send it as 'Authorization: Bearer <access token>'.");
			return;
		}
		String message = describe(ex);
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
				"Bearer error=\"invalid_token\", error_description=\"" + message + "\"");
		unauthorized(response, message);
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
				"Bearer error=\"insufficient_scope\", scope=\"" + SCOPE + "\"");
		this.writer.write(response, HttpStatus.FORBIDDEN, OpenAiError
			.of("The access token lacks the scope " + SCOPE + ".", "invalid_request_error", "insufficient_scope"));
	}

	private void unauthorized(HttpServletResponse response, String message) throws IOException {
		this.writer.write(response, HttpStatus.UNAUTHORIZED,
				OpenAiError.of(message, "invalid_request_error", "invalid_api_key"));
	}

	/** The public reason of a refusal: only this gateway's own descriptions are shown. */
	private static String describe(AuthenticationException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidAccessTokenException invalid) {
				return invalid.getMessage();
			}
		}
		return "The Authorization header does not hold a well-formed bearer token.";
	}

}
