package dev.tollgate.auth.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import dev.tollgate.auth.web.OAuth2ErrorResponses;
import dev.tollgate.auth.web.ProtocolFailureFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Outside Spring Session's filter, which reads and saves the browser session in
 * PostgreSQL around every page request: when that fails because the database cannot be
 * reached, the browser gets 503 with {@code Retry-After} and a plain sentence instead of
 * an error page, and a protocol endpoint its RFC 6749 {@code temporarily_unavailable}. It
 * answers again by itself when the database is back. Other failures pass on unchanged.
 * NOTE: so while PostgreSQL is down nobody can sign in or consent.
 */
final class SessionStoreFailureFilter extends OncePerRequestFilter {

	private static final Logger logger = LoggerFactory.getLogger(SessionStoreFailureFilter.class);

	private final ProtocolFailureFilter failures;

	SessionStoreFailureFilter(ProtocolFailureFilter failures) {
		this.failures = failures;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (Exception ex) {
			// Rethrown as it came: the try throws only what this method declares.
			boolean storeDown = !response.isCommitted() && this.failures.isDatabaseUnavailable(ex);
			if (!storeDown) {
				throw ex;
			}
			logger.warn("Session store unavailable on {}: {}", request.getRequestURI(), ex.toString());
			answerUnavailable(request, response);
		}
	}

	private static void answerUnavailable(HttpServletRequest request, HttpServletResponse response) throws IOException {
		response.reset();
		response.setHeader("Retry-After", "1");
		if (request.getRequestURI().startsWith("/oauth2/")) {
			OAuth2ErrorResponses.write(response, HttpStatus.SERVICE_UNAVAILABLE,
					OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE, "The service is temporarily unavailable; retry");
			return;
		}
		response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
		response.setContentType(MediaType.TEXT_PLAIN_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter().write("Sign-in is temporarily unavailable. Please try again in a moment.\n");
	}

}
