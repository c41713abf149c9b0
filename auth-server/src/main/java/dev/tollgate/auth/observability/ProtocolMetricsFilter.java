package dev.tollgate.auth.observability;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Times every request to the token, introspection and revocation endpoints, the refused
 * and the failed ones included, and counts the error each answered. It runs before every
 * other filter of those paths, so the time includes client authentication and the answer
 * of a database outage.
 */
public final class ProtocolMetricsFilter extends OncePerRequestFilter {

	/** The paths measured, and the {@code endpoint} tag of each. */
	public static final Map<String, String> ENDPOINTS = Map.of("/oauth2/token", "token", "/oauth2/introspect",
			"introspect", "/oauth2/revoke", "revoke");

	private final ProtocolMetrics metrics;

	public ProtocolMetricsFilter(ProtocolMetrics metrics) {
		this.metrics = metrics;
	}

	/**
	 * Notes the RFC 6749 error code of an answer being written, so that the filter counts
	 * it; a response outside a measured request is left alone.
	 */
	public static void recordError(ServletResponse response, String errorCode) {
		ServletResponse current = response;
		while (current instanceof ServletResponseWrapper wrapper) {
			if (wrapper instanceof ObservedResponse observed) {
				observed.errorCode = errorCode;
				return;
			}
			current = wrapper.getResponse();
		}
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !ENDPOINTS.containsKey(request.getRequestURI());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String endpoint = ENDPOINTS.get(request.getRequestURI());
		ObservedResponse observed = new ObservedResponse(response);
		long start = System.nanoTime();
		try {
			chain.doFilter(request, observed);
		}
		finally {
			this.metrics.request(endpoint, observed.getStatus(), System.nanoTime() - start);
			if (observed.errorCode != null) {
				this.metrics.error(endpoint, observed.errorCode);
			}
		}
	}

	private static final class ObservedResponse extends HttpServletResponseWrapper {

		private volatile String errorCode;

		ObservedResponse(HttpServletResponse response) {
			super(response);
		}

	}

}
