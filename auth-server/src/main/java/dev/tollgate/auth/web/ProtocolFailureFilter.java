package dev.tollgate.auth.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The last word on a protocol endpoint ({@code /oauth2/**}, {@code /userinfo},
 * {@code /connect/**}) whose processing failed with an unexpected exception: the client
 * gets an RFC 6749 JSON error, never a stack trace or an HTML page. A database that
 * cannot be reached is 503 {@code temporarily_unavailable} (RFC 6749 section 4.1.2.1),
 * which a client may retry; anything else is 500 {@code server_error}, and the detail
 * goes only to the log.
 */
public final class ProtocolFailureFilter extends OncePerRequestFilter {

	private static final Logger logger = LoggerFactory.getLogger(ProtocolFailureFilter.class);

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI();
		return !(path.startsWith("/oauth2/") || path.equals("/userinfo") || path.startsWith("/connect/"));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (RuntimeException | ServletException | IOException ex) {
			if (response.isCommitted()) {
				throw ex;
			}
			response.resetBuffer();
			if (isDatabaseUnavailable(ex)) {
				logger.warn("Database unavailable on {}: {}", request.getRequestURI(), ex.toString());
				response.setHeader("Retry-After", "1");
				OAuth2ErrorResponses.write(response, HttpStatus.SERVICE_UNAVAILABLE,
						OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE, "The service is temporarily unavailable; retry");
				return;
			}
			logger.error("Unexpected failure on {}", request.getRequestURI(), ex);
			OAuth2ErrorResponses.write(response, HttpStatus.INTERNAL_SERVER_ERROR, OAuth2ErrorCodes.SERVER_ERROR,
					"The server failed to process the request");
		}
	}

	static boolean isDatabaseUnavailable(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof CannotGetJdbcConnectionException || cause instanceof CannotCreateTransactionException
					|| cause instanceof DataAccessResourceFailureException || cause instanceof QueryTimeoutException
					|| cause instanceof TransientDataAccessException || cause instanceof java.sql.SQLTransientException
					|| cause instanceof java.net.ConnectException) {
				return true;
			}
		}
		return false;
	}

}
