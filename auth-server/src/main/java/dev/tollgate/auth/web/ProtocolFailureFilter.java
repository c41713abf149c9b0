package dev.tollgate.auth.web;

import java.io.IOException;
import java.net.ConnectException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientException;

import javax.sql.DataSource;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionException;
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

	private static final String HIKARI_CLOSED_CONNECTION = "Connection is closed";

	private final DataSource dataSource;

	public ProtocolFailureFilter(DataSource dataSource) {
		this.dataSource = dataSource;
	}

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

	/**
	 * Whether the failure comes from a database that cannot be reached: a connection that
	 * could not be had or that broke (SQLSTATE class 08; 57P01-03, the server shutting
	 * down or starting up), or any database failure while the database does not answer
	 * now. The last case matters because a broken connection often surfaces as a failed
	 * rollback that hides the original error. The admin API answers by the same rule.
	 */
	public boolean isDatabaseUnavailable(Throwable ex) {
		boolean involvesDatabase = false;
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof CannotGetJdbcConnectionException || cause instanceof CannotCreateTransactionException
					|| cause instanceof DataAccessResourceFailureException || cause instanceof QueryTimeoutException
					|| cause instanceof TransientDataAccessException || cause instanceof SQLTransientException
					|| cause instanceof ConnectException || isConnectionFailure(cause)) {
				return true;
			}
			involvesDatabase |= cause instanceof SQLException || cause instanceof DataAccessException
					|| cause instanceof TransactionException;
		}
		return involvesDatabase && !databaseAnswers();
	}

	private static boolean isConnectionFailure(Throwable cause) {
		if (!(cause instanceof SQLException sql)) {
			return false;
		}
		if (sql.getSQLState() == null) {
			// The pool's answer for a connection that broke under the transaction, which
			// then
			// surfaces as a failed rollback hiding the original error.
			return HIKARI_CLOSED_CONNECTION.equals(sql.getMessage());
		}
		String state = sql.getSQLState();
		return state.startsWith("08") || state.startsWith("57P0");
	}

	private boolean databaseAnswers() {
		try (Connection connection = this.dataSource.getConnection()) {
			return connection.isValid(1);
		}
		catch (SQLException ex) {
			return false;
		}
	}

}
