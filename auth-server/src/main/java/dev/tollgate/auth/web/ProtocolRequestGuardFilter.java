package dev.tollgate.auth.web;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before any other work, a request to a form-posting protocol endpoint that
 * cannot be a valid one: a method other than POST, a body that is not
 * {@code application/x-www-form-urlencoded} (RFC 6749 section 3.2, RFC 7662 section 2.1,
 * RFC 7009 section 2.1, RFC 8628 section 3.1, RFC 9126 section 2.1), or a body larger
 * than any real request needs. Each gets an RFC 6749 JSON error naming what to change.
 */
public final class ProtocolRequestGuardFilter extends OncePerRequestFilter {

	/** Far above any real form post (a long client assertion is a few kilobytes). */
	public static final int MAX_BODY_BYTES = 64 * 1024;

	private static final Map<String, String> FORM_ENDPOINTS = Map.of("/oauth2/token", "token endpoint",
			"/oauth2/introspect", "introspection endpoint", "/oauth2/revoke", "revocation endpoint",
			"/oauth2/device_authorization", "device authorization endpoint", "/oauth2/par",
			"pushed authorization request endpoint");

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !FORM_ENDPOINTS.containsKey(request.getRequestURI());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String endpoint = FORM_ENDPOINTS.get(request.getRequestURI());
		if (!"POST".equals(request.getMethod())) {
			response.setHeader("Allow", "POST");
			OAuth2ErrorResponses.write(response, HttpStatus.METHOD_NOT_ALLOWED, OAuth2ErrorCodes.INVALID_REQUEST,
					"The " + endpoint + " accepts only POST");
			return;
		}
		if (!isForm(request.getContentType())) {
			OAuth2ErrorResponses.write(response, HttpStatus.BAD_REQUEST, OAuth2ErrorCodes.INVALID_REQUEST,
					"The " + endpoint + " accepts only Content-Type application/x-www-form-urlencoded");
			return;
		}
		if (request.getContentLengthLong() > MAX_BODY_BYTES) {
			OAuth2ErrorResponses.write(response, HttpStatus.CONTENT_TOO_LARGE, OAuth2ErrorCodes.INVALID_REQUEST,
					"The request body is larger than " + MAX_BODY_BYTES + " bytes");
			return;
		}
		chain.doFilter(request, response);
	}

	private static boolean isForm(String contentType) {
		if (contentType == null) {
			return false;
		}
		try {
			return MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(MediaType.parseMediaType(contentType));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
