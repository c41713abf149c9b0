package dev.tollgate.auth.web;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the security headers on every answer, before anything else can answer: protocol
 * endpoints, admin API, pages, JWKS, and the errors that filters and the error page
 * write.
 * <ul>
 * <li>{@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy: no-referrer} (no
 * authorization code or state leaks through a {@code Referer}), a {@code
 * Permissions-Policy} that allows no powerful feature;</li>
 * <li>no framing: {@code X-Frame-Options: DENY} and {@code frame-ancestors 'none'}
 * against clickjacking of the login and consent pages (RFC 6819 section 4.4.1.9);</li>
 * <li>a {@code Content-Security-Policy} that allows only this server's stylesheets and
 * images, no script at all: the pages need none;</li>
 * <li>{@code Cache-Control: no-store} on the answers that carry tokens or client data
 * (RFC 6749 section 5.1, RFC 7662 section 4), where no cache may keep them;</li>
 * <li>{@code Strict-Transport-Security} on requests that came over TLS (RFC 6797; behind
 * a TLS-terminating proxy, with {@code server.forward-headers-strategy} configured).</li>
 * </ul>
 * Spring Security's own header writers leave a header alone that is already set.
 */
public final class SecurityHeadersFilter extends OncePerRequestFilter {

	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self';"
			+ " base-uri 'none'; frame-ancestors 'none'";

	/** Swagger UI of the admin API needs its own scripts and inline styles. */
	static final String API_DOCS_CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:;"
			+ " style-src 'self' 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'";

	static final String PERMISSIONS_POLICY = "accelerometer=(), camera=(), geolocation=(), gyroscope=(),"
			+ " magnetometer=(), microphone=(), payment=(), usb=()";

	private static final Set<String> NO_STORE_PATHS = Set.of("/oauth2/token", "/oauth2/introspect", "/oauth2/revoke",
			"/oauth2/device_authorization", "/oauth2/par", "/oauth2/revocations", "/userinfo");

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = request.getRequestURI();
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("X-Frame-Options", "DENY");
		response.setHeader("Referrer-Policy", "no-referrer");
		response.setHeader("Permissions-Policy", PERMISSIONS_POLICY);
		response.setHeader("Content-Security-Policy",
				path.startsWith("/swagger-ui") ? API_DOCS_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY);
		if (NO_STORE_PATHS.contains(path) || path.startsWith("/admin/")) {
			response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
			response.setHeader(HttpHeaders.PRAGMA, "no-cache");
		}
		if (request.isSecure()) {
			response.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
		}
		chain.doFilter(request, response);
	}

}
