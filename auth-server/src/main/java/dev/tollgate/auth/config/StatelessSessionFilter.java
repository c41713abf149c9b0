package dev.tollgate.auth.config;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Keeps the endpoints that machines call from reading the browser session, which lives in
 * PostgreSQL: on those paths a lookup of an existing session ({@code getSession(false)})
 * finds none, so a request that happens to carry the session cookie costs no query and
 * does not extend the session. Spring MVC's flash attributes, for one, look for a session
 * on every request. Their security filter chains are stateless and create none either.
 */
final class StatelessSessionFilter extends OncePerRequestFilter {

	private static final List<PathPattern> STATELESS = List
		.of("/oauth2/token", "/oauth2/introspect", "/oauth2/revoke", "/oauth2/jwks", "/oauth2/device_authorization",
				"/oauth2/par", "/oauth2/revocations", "/userinfo", "/admin/**", "/actuator/**", "/.well-known/**")
		.stream()
		.map(PathPatternParser.defaultInstance::parse)
		.toList();

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		PathContainer path = PathContainer.parsePath(request.getRequestURI());
		return STATELESS.stream().noneMatch((pattern) -> pattern.matches(path));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(new HttpServletRequestWrapper(request) {

			@Override
			public HttpSession getSession(boolean create) {
				return create ? super.getSession(true) : null;
			}

		}, response);
	}

}
