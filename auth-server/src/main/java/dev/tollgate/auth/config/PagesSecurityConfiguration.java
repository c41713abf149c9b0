package dev.tollgate.auth.config;

import java.io.IOException;

import dev.tollgate.auth.audit.AuditLog;
import dev.tollgate.auth.audit.LoginFailureAudit;
import dev.tollgate.auth.ratelimit.LoginRateLimitFilter;
import dev.tollgate.auth.ratelimit.RateLimits;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * Filter chain 5 (see {@link SecurityConfiguration}), the last: the pages a person uses
 * (sign-in, consent, device verification) with form login, a session and CSRF tokens, the
 * sign-in rate limit and the audit of failed sign-ins. Also the CSRF filter that chain 1
 * needs for the two pages' posts that go to protocol endpoints.
 */
@Configuration(proxyBeanMethods = false)
class PagesSecurityConfiguration {

	static final String LOGIN_PAGE = "/login";

	static final String CONSENT_PAGE = "/oauth2/consent";

	static final String DEVICE_VERIFICATION_PAGE = "/oauth2/device_verification";

	@Bean
	@Order(5)
	SecurityFilterChain pagesFilterChain(HttpSecurity http, AuditLog audit, RateLimits rateLimits) {
		http.authorizeHttpRequests((authorize) -> authorize
			.requestMatchers(LOGIN_PAGE, LoginRateLimitFilter.THROTTLED_PAGE, "/error", "/css/**")
			.permitAll()
			// The admin API's OpenAPI document and Swagger UI: a description, no secrets.
			.requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
			.permitAll()
			.anyRequest()
			.authenticated())
			.formLogin((login) -> login.loginPage(LOGIN_PAGE)
				.failureHandler(new LoginFailureAudit(audit, PagesSecurityConfiguration::signInFailed)))
			.addFilterBefore(new LoginRateLimitFilter(rateLimits, LOGIN_PAGE),
					UsernamePasswordAuthenticationFilter.class);
		return http.build();
	}

	/**
	 * Back to the sign-in page with {@code ?error}, which says what went wrong. Unlike
	 * Spring Security's default, the exception is not kept in the session: it holds the
	 * submitted username and password, and the session is stored in PostgreSQL.
	 */
	private static void signInFailed(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		response.sendRedirect(request.getContextPath() + LOGIN_PAGE + "?error");
	}

	/**
	 * Spring Authorization Server exempts its endpoints from CSRF protection, the two
	 * that take a signed-in user's form post included: the consent form (a POST to the
	 * authorization endpoint without {@code response_type}) and the device verification.
	 * A second CSRF filter in chain 1, on the same session-held token as the pages',
	 * protects them.
	 */
	static CsrfFilter consentCsrfFilter() {
		CsrfFilter filter = new CsrfFilter(new HttpSessionCsrfTokenRepository());
		filter.setRequireCsrfProtectionMatcher(new OrRequestMatcher(
				PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, DEVICE_VERIFICATION_PAGE),
				(request) -> "POST".equals(request.getMethod()) && "/oauth2/authorize".equals(request.getRequestURI())
						&& request.getParameter("response_type") == null));
		// Its own name, or it would take itself for the CsrfFilter that already ran.
		filter.setBeanName("consentCsrfFilter");
		return filter;
	}

}
