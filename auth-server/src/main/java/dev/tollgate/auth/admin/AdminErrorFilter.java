package dev.tollgate.auth.admin;

import java.io.IOException;
import java.util.function.Predicate;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes every error of the admin API problem details (RFC 9457), also those raised
 * outside its controllers: an unknown path (404), a method a path does not allow (405),
 * and any other error Spring MVC answers through {@code sendError}, which would otherwise
 * reach Spring Boot's error page. An unexpected exception becomes a 500, or a 503 when
 * the database is unreachable; its detail goes to the log only.
 * <p>
 * A body declared larger than {@value #MAX_BODY_BYTES} bytes is refused with 413 before
 * it is read: no admin request needs more, and a JSON body is read whole.
 */
final class AdminErrorFilter extends OncePerRequestFilter {

	private static final Logger logger = LoggerFactory.getLogger(AdminErrorFilter.class);

	static final int MAX_BODY_BYTES = 64 * 1024;

	private final Predicate<Throwable> databaseUnavailable;

	AdminErrorFilter(Predicate<Throwable> databaseUnavailable) {
		this.databaseUnavailable = databaseUnavailable;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > MAX_BODY_BYTES) {
			ProblemResponses.write(request, response, HttpStatus.CONTENT_TOO_LARGE,
					"The request body is larger than " + MAX_BODY_BYTES + " bytes");
			return;
		}
		try {
			chain.doFilter(request, new ProblemOnSendError(request, response));
		}
		catch (RuntimeException | ServletException | IOException ex) {
			if (response.isCommitted()) {
				throw ex;
			}
			response.resetBuffer();
			if (this.databaseUnavailable.test(ex)) {
				logger.warn("Database unavailable on {}: {}", request.getRequestURI(), ex.toString());
				response.setHeader("Retry-After", "1");
				ProblemResponses.write(request, response, HttpStatus.SERVICE_UNAVAILABLE,
						"The service is temporarily unavailable; retry");
				return;
			}
			logger.error("Unexpected failure on {}", request.getRequestURI(), ex);
			ProblemResponses.write(request, response, HttpStatus.INTERNAL_SERVER_ERROR,
					"The server failed to process the request");
		}
	}

	/**
	 * Writes problem details where the servlet container would dispatch to its error
	 * page.
	 */
	private static final class ProblemOnSendError extends HttpServletResponseWrapper {

		private final HttpServletRequest request;

		ProblemOnSendError(HttpServletRequest request, HttpServletResponse response) {
			super(response);
			this.request = request;
		}

		@Override
		public void sendError(int status) throws IOException {
			sendError(status, null);
		}

		@Override
		public void sendError(int status, String message) throws IOException {
			if (isCommitted()) {
				super.sendError(status, message);
				return;
			}
			resetBuffer();
			ProblemResponses.write(this.request, (HttpServletResponse) getResponse(), HttpStatusCode.valueOf(status),
					message);
		}

	}

}
