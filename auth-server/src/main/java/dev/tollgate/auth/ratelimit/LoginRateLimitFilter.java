package dev.tollgate.auth.ratelimit;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits the login form POST per remote address and per username as typed, before the
 * password is checked. Over a limit the sign-in page is shown again with status 429, a
 * {@code Retry-After} header and a message saying when to try again
 * ({@value #THROTTLED_PAGE}).
 * <p>
 * It sits in the pages' filter chain after CSRF protection, so the page it shows carries
 * a fresh CSRF token.
 */
public final class LoginRateLimitFilter extends OncePerRequestFilter {

	/** Renders the sign-in page with the 429 message; reached only by forward. */
	public static final String THROTTLED_PAGE = "/login/throttled";

	/** The request attribute holding the seconds to wait, for the page. */
	public static final String RETRY_AFTER_ATTRIBUTE = LoginRateLimitFilter.class.getName() + ".retryAfter";

	private static final Logger logger = LoggerFactory.getLogger(LoginRateLimitFilter.class);

	private final RateLimits limits;

	private final String loginPage;

	public LoginRateLimitFilter(RateLimits limits, String loginPage) {
		this.limits = limits;
		this.loginPage = loginPage;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod()) || !this.loginPage.equals(request.getServletPath());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Duration wait = this.limits.login(request.getParameter("username"), request.getRemoteAddr());
		if (wait.isZero()) {
			chain.doFilter(request, response);
			return;
		}
		logger.debug("Refused a login attempt from {}: rate limit", request.getRemoteAddr());
		long seconds = RateLimits.retryAfterSeconds(wait);
		response.setStatus(429);
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		request.setAttribute(RETRY_AFTER_ATTRIBUTE, seconds);
		request.getRequestDispatcher(THROTTLED_PAGE).forward(request, response);
	}

}
