package dev.tollgate.auth.config;

import dev.tollgate.auth.admin.ActiveAccessTokenDecoder;
import dev.tollgate.auth.admin.AdminSecurityProblems;
import dev.tollgate.auth.observability.ActuatorSecurityErrors;
import dev.tollgate.auth.revocation.FeedSecurityErrors;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.savedrequest.NullRequestCache;

/**
 * Filter chains 2 to 4 (see {@link SecurityConfiguration}): the admin API, the revocation
 * feed and the actuator, resource servers for this server's own access tokens (RFC 6750).
 * Each is stateless and takes bearer tokens only, so it needs no CSRF protection, which
 * guards cookies; a token must still be active (not revoked), and each chain writes its
 * refusals in its own vocabulary.
 */
@Configuration(proxyBeanMethods = false)
class BearerTokenSecurityConfiguration {

	/** The admin API, scope {@code admin}, its refusals as RFC 9457 problem details. */
	@Bean
	@Order(2)
	SecurityFilterChain adminFilterChain(HttpSecurity http, JwtDecoder jwtDecoder,
			OAuth2AuthorizationService authorizations) {
		http.securityMatcher("/admin/**")
			.authorizeHttpRequests(
					(authorize) -> authorize.anyRequest().hasAuthority("SCOPE_" + AdminSecurityProblems.ADMIN_SCOPE));
		return statelessBearer(http, jwtDecoder, authorizations, new AdminSecurityProblems());
	}

	/**
	 * The revocation feed, scope {@code revocations.read}, its refusals as RFC 6749 JSON
	 * errors like the other {@code /oauth2} endpoints.
	 */
	@Bean
	@Order(3)
	SecurityFilterChain revocationFeedFilterChain(HttpSecurity http, JwtDecoder jwtDecoder,
			OAuth2AuthorizationService authorizations) {
		http.securityMatcher("/oauth2/revocations")
			.authorizeHttpRequests(
					(authorize) -> authorize.anyRequest().hasAuthority("SCOPE_" + FeedSecurityErrors.SCOPE));
		return statelessBearer(http, jwtDecoder, authorizations, new FeedSecurityErrors());
	}

	/**
	 * The actuator: health (with the liveness and readiness groups) for anyone, as probes
	 * and load balancers call it; the Prometheus scrape for a bearer token with scope
	 * {@code metrics.read} or {@code admin}, since metrics name clients; nothing else.
	 */
	@Bean
	@Order(4)
	SecurityFilterChain actuatorFilterChain(HttpSecurity http, JwtDecoder jwtDecoder,
			OAuth2AuthorizationService authorizations) {
		http.securityMatcher("/actuator/**")
			.authorizeHttpRequests((authorize) -> authorize.requestMatchers("/actuator/health", "/actuator/health/**")
				.permitAll()
				.requestMatchers("/actuator/prometheus")
				.hasAnyAuthority("SCOPE_" + ActuatorSecurityErrors.SCOPE, "SCOPE_" + AdminSecurityProblems.ADMIN_SCOPE)
				.anyRequest()
				.denyAll());
		return statelessBearer(http, jwtDecoder, authorizations, new ActuatorSecurityErrors());
	}

	/**
	 * The part the three chains share: active bearer tokens only, no session, no saved
	 * request, no CSRF, and {@code errors} for every refusal, whether the resource server
	 * or the authorization rules refuse.
	 */
	private static <E extends AuthenticationEntryPoint & AccessDeniedHandler> SecurityFilterChain statelessBearer(
			HttpSecurity http, JwtDecoder jwtDecoder, OAuth2AuthorizationService authorizations, E errors) {
		http.oauth2ResourceServer((resourceServer) -> resourceServer
			.jwt((jwt) -> jwt.decoder(new ActiveAccessTokenDecoder(jwtDecoder, authorizations)))
			.authenticationEntryPoint(errors)
			.accessDeniedHandler(errors))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(errors).accessDeniedHandler(errors))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.requestCache(new NullRequestCache()))
			.csrf(AbstractHttpConfigurer::disable);
		return http.build();
	}

}
