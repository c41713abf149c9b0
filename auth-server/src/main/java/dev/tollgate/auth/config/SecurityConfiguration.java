package dev.tollgate.auth.config;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.nimbusds.jose.jwk.source.JWKSource;
import jakarta.servlet.DispatcherType;
import com.nimbusds.jose.proc.SecurityContext;
import dev.tollgate.auth.admin.ActiveAccessTokenDecoder;
import dev.tollgate.auth.admin.AdminSecurityProblems;
import dev.tollgate.auth.audit.AuditLog;
import dev.tollgate.auth.audit.AuditingAuthorizationService;
import dev.tollgate.auth.audit.LoginFailureAudit;
import dev.tollgate.auth.authorization.RefreshTokenGrantAuthenticationProvider;
import dev.tollgate.auth.authorization.RefreshTokenRotation;
import dev.tollgate.auth.client.ClientCredentialsDefaultScopeConverter;
import dev.tollgate.auth.client.ClientSecretHasher;
import dev.tollgate.auth.client.PreviousClientSecretAuthenticationProvider;
import dev.tollgate.auth.client.PublicClientGrantAuthenticationConverter;
import dev.tollgate.auth.client.PublicClientGrantAuthenticationProvider;
import dev.tollgate.auth.key.JwksEndpointFilter;
import dev.tollgate.auth.key.RevokedKeyIntrospectionProvider;
import dev.tollgate.auth.key.SigningKeyService;
import dev.tollgate.auth.ratelimit.ClientAuthenticationFailures;
import dev.tollgate.auth.ratelimit.LoginRateLimitFilter;
import dev.tollgate.auth.ratelimit.RateLimits;
import dev.tollgate.auth.observability.ActuatorSecurityErrors;
import dev.tollgate.auth.observability.ProtocolMetrics;
import dev.tollgate.auth.observability.TokenIssuedCounter;
import dev.tollgate.auth.revocation.FeedSecurityErrors;
import dev.tollgate.auth.user.UserInfoMapper;
import dev.tollgate.auth.web.AuthorizationErrorResponseHandler;
import dev.tollgate.auth.web.ClientAuthenticationEntryPoint;
import dev.tollgate.auth.web.DeviceAuthorizationResponseHandler;
import dev.tollgate.auth.web.OAuth2ErrorResponseHandler;
import dev.tollgate.auth.web.ProtocolFailureFilter;
import dev.tollgate.auth.web.ProtocolRequestGuardFilter;
import dev.tollgate.auth.web.SecurityHeadersFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * Five filter chains: the authorization server's protocol endpoints first, then the admin
 * API (a resource server for this server's own access tokens with scope {@code admin}),
 * then the revocation feed (the same, with scope {@code revocations.read}), then the
 * actuator, then the pages a person uses (login, consent, device verification), which
 * need a signed-in session. Only the first and the last use the session, which lives in
 * PostgreSQL (Spring Session JDBC), so any instance can continue a browser flow. NOTE:
 * session attributes are Java-serialized, so an upgrade that changes Spring Security's
 * serialized classes invalidates sign-ins in progress.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	static final String LOGIN_PAGE = "/login";

	private static final RequestMatcher CLIENT_AUTHENTICATED_ENDPOINTS = new OrRequestMatcher(Stream
		.of("/oauth2/token", "/oauth2/introspect", "/oauth2/revoke", "/oauth2/device_authorization", "/oauth2/par")
		.map((path) -> PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, path))
		.toArray(RequestMatcher[]::new));

	static final String CONSENT_PAGE = "/oauth2/consent";

	static final String DEVICE_VERIFICATION_PAGE = "/oauth2/device_verification";

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServerFilterChain(HttpSecurity http, RegisteredClientRepository clients,
			OAuth2AuthorizationService authorizations, ClientSecretHasher clientSecretHasher,
			UserInfoMapper userInfoMapper, RefreshTokenRotation refreshTokenRotation, SigningKeyService keys,
			TollgateProperties properties, AuditLog audit, TransactionTemplate transactions,
			ClientAuthenticationFailures clientAuthenticationFailures, ProtocolMetrics metrics) {
		http.oauth2AuthorizationServer((server) -> {
			http.securityMatcher(server.getEndpointsMatcher());
			configureEndpoints(server, clients, userInfoMapper, refreshTokenRotation, properties,
					clientAuthenticationFailures);
			acceptPreviousClientSecrets(server, clientSecretHasher,
					new PreviousClientSecretAuthenticationProvider(clients, authorizations, clientSecretHasher));
			server.tokenEndpoint((token) -> token.accessTokenResponseHandler(new TokenIssuedCounter(metrics)));
			configureKeys(server, keys);
			server.authorizationService(new AuditingAuthorizationService(authorizations, audit, transactions));
		});
		http.addFilterAfter(consentCsrfFilter(), CsrfFilter.class);
		// Answers the JWKS with caching headers before Spring Authorization Server's
		// endpoint sees the request.
		http.addFilterAfter(new JwksEndpointFilter(keys, properties.keys().jwksCacheLifetime()),
				HeaderWriterFilter.class);
		http.authorizeHttpRequests((authorize) -> authorize.anyRequest().authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt((jwt) -> {
			}))
			.exceptionHandling((exceptions) -> exceptions
				.defaultAuthenticationEntryPointFor(new ClientAuthenticationEntryPoint(),
						CLIENT_AUTHENTICATED_ENDPOINTS)
				.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint(LOGIN_PAGE),
						browserRequests()))
			.requestCache((cache) -> cache.requestCache(authorizationRequestCache()));
		return http.build();
	}

	/**
	 * Remembers only a browser's GET that is sent to the login page (an authorization or
	 * device verification request), to resume it after sign-in. Any other refused
	 * request, such as a token request without credentials, creates no session: with
	 * sessions in PostgreSQL that would be a row written per bad request.
	 */
	private static RequestCache authorizationRequestCache() {
		HttpSessionRequestCache cache = new HttpSessionRequestCache();
		cache.setRequestMatcher(new AndRequestMatcher(
				PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/**"), browserRequests()));
		return cache;
	}

	/** Only a request that asks for HTML explicitly is sent to the login page. */
	private static RequestMatcher browserRequests() {
		MediaTypeRequestMatcher matcher = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
		matcher.setIgnoredMediaTypes(Set.of(MediaType.ALL));
		return matcher;
	}

	private static void configureEndpoints(OAuth2AuthorizationServerConfigurer server,
			RegisteredClientRepository clients, UserInfoMapper userInfoMapper,
			RefreshTokenRotation refreshTokenRotation, TollgateProperties properties,
			ClientAuthenticationFailures clientAuthenticationFailures) {
		OAuth2ErrorResponseHandler errors = new OAuth2ErrorResponseHandler();
		server
			.clientAuthentication((clientAuthentication) -> clientAuthentication
				.errorResponseHandler(clientAuthenticationFailures.recordingThen(errors))
				.authenticationConverter(new PublicClientGrantAuthenticationConverter())
				.authenticationProvider(new PublicClientGrantAuthenticationProvider(clients)))
			.tokenEndpoint((token) -> token.errorResponseHandler(errors)
				.accessTokenRequestConverter(new ClientCredentialsDefaultScopeConverter())
				.authenticationProviders((providers) -> useRefreshTokenRotation(providers, refreshTokenRotation)))
			.tokenIntrospectionEndpoint((introspection) -> introspection.errorResponseHandler(errors))
			.tokenRevocationEndpoint((revocation) -> revocation.errorResponseHandler(errors))
			.deviceAuthorizationEndpoint((deviceAuthorization) -> deviceAuthorization.errorResponseHandler(errors)
				.deviceAuthorizationResponseHandler(new DeviceAuthorizationResponseHandler()))
			.authorizationEndpoint((authorization) -> authorization.consentPage(CONSENT_PAGE)
				.errorResponseHandler(new AuthorizationErrorResponseHandler()))
			.deviceVerificationEndpoint((deviceVerification) -> deviceVerification.consentPage(CONSENT_PAGE)
				.deviceVerificationResponseHandler((request, response, authentication) -> response
					.sendRedirect(DEVICE_VERIFICATION_PAGE + "?success"))
				.errorResponseHandler(
						(request, response, exception) -> response.sendRedirect(DEVICE_VERIFICATION_PAGE + "?error")))
			.pushedAuthorizationRequestEndpoint(Customizer.withDefaults())
			.authorizationServerMetadataEndpoint((metadata) -> metadata
				.authorizationServerMetadataCustomizer((builder) -> builder.claims(ServerMetadata::correct)))
			.oidc((oidc) -> oidc
				.providerConfigurationEndpoint((configuration) -> configuration
					.providerConfigurationCustomizer((builder) -> builder.claims(ServerMetadata::correct)
						.idTokenSigningAlgorithms((algorithms) -> onlyAlgorithm(algorithms, properties))))
				.userInfoEndpoint((userInfo) -> userInfo.userInfoMapper(userInfoMapper)));
	}

	/**
	 * Client secrets are checked with {@link ClientSecretHasher}; after a rotation with a
	 * grace period, the old secret is tried when the current one does not match (see
	 * {@link PreviousClientSecretAuthenticationProvider}), so a request with the current
	 * secret costs no extra lookup.
	 */
	private static void acceptPreviousClientSecrets(OAuth2AuthorizationServerConfigurer server,
			ClientSecretHasher clientSecretHasher, PreviousClientSecretAuthenticationProvider previousSecrets) {
		server.clientAuthentication((clientAuthentication) -> clientAuthentication.authenticationProviders(
				(providers) -> useClientSecretHasher(providers, clientSecretHasher, previousSecrets)));
	}

	/** Discovery names the configured signing algorithm, not Spring's fixed RS256. */
	private static void onlyAlgorithm(List<String> algorithms, TollgateProperties properties) {
		algorithms.clear();
		algorithms.add(properties.keys().algorithm());
	}

	/** Introspection knows about revoked signing keys. */
	private static void configureKeys(OAuth2AuthorizationServerConfigurer server, SigningKeyService keys) {
		server.tokenIntrospectionEndpoint((introspection) -> introspection
			.authenticationProviders((providers) -> useRevokedKeyCheck(providers, keys)));
	}

	private static void useRevokedKeyCheck(List<AuthenticationProvider> providers, SigningKeyService keys) {
		providers.replaceAll((provider) -> (provider instanceof OAuth2TokenIntrospectionAuthenticationProvider)
				? new RevokedKeyIntrospectionProvider(provider, keys) : provider);
	}

	private static void useClientSecretHasher(List<AuthenticationProvider> providers,
			ClientSecretHasher clientSecretHasher, AuthenticationProvider previousSecrets) {
		for (int i = 0; i < providers.size(); i++) {
			if (providers.get(i) instanceof ClientSecretAuthenticationProvider clientSecretProvider) {
				clientSecretProvider.setPasswordEncoder(clientSecretHasher);
				providers.add(i + 1, previousSecrets);
				return;
			}
		}
		throw new IllegalStateException("Spring Authorization Server registered no ClientSecretAuthenticationProvider");
	}

	/**
	 * Puts reuse detection in front of the refresh-token grant. Spring's provider is
	 * removed, not merely preceded: a provider manager tries the next provider after one
	 * that refused.
	 */
	private static void useRefreshTokenRotation(List<AuthenticationProvider> providers,
			RefreshTokenRotation refreshTokenRotation) {
		providers.removeIf((provider) -> provider instanceof OAuth2RefreshTokenAuthenticationProvider);
		providers.add(0, new RefreshTokenGrantAuthenticationProvider(refreshTokenRotation));
	}

	/**
	 * The admin API: stateless, bearer tokens only (so no CSRF, which guards cookies),
	 * and every refusal written as problem details.
	 */
	@Bean
	@Order(2)
	SecurityFilterChain adminFilterChain(HttpSecurity http, JwtDecoder jwtDecoder,
			OAuth2AuthorizationService authorizations) {
		AdminSecurityProblems problems = new AdminSecurityProblems();
		http.securityMatcher("/admin/**")
			.authorizeHttpRequests(
					(authorize) -> authorize.anyRequest().hasAuthority("SCOPE_" + AdminSecurityProblems.ADMIN_SCOPE))
			.oauth2ResourceServer((resourceServer) -> resourceServer
				.jwt((jwt) -> jwt.decoder(new ActiveAccessTokenDecoder(jwtDecoder, authorizations)))
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.requestCache(new NullRequestCache()))
			.csrf(AbstractHttpConfigurer::disable);
		return http.build();
	}

	/**
	 * The revocation feed: like the admin API, stateless and bearer only, its refusals
	 * written as RFC 6749 JSON errors.
	 */
	@Bean
	@Order(3)
	SecurityFilterChain revocationFeedFilterChain(HttpSecurity http, JwtDecoder jwtDecoder,
			OAuth2AuthorizationService authorizations) {
		FeedSecurityErrors errors = new FeedSecurityErrors();
		http.securityMatcher("/oauth2/revocations")
			.authorizeHttpRequests(
					(authorize) -> authorize.anyRequest().hasAuthority("SCOPE_" + FeedSecurityErrors.SCOPE))
			.oauth2ResourceServer((resourceServer) -> resourceServer
				.jwt((jwt) -> jwt.decoder(new ActiveAccessTokenDecoder(jwtDecoder, authorizations)))
				.authenticationEntryPoint(errors)
				.accessDeniedHandler(errors))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(errors).accessDeniedHandler(errors))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.requestCache(new NullRequestCache()))
			.csrf(AbstractHttpConfigurer::disable);
		return http.build();
	}

	/**
	 * Spring Authorization Server exempts its endpoints from CSRF protection, the two
	 * that take a signed-in user's form post included: the consent form (a POST to the
	 * authorization endpoint without {@code response_type}) and the device verification.
	 * A second CSRF filter, on the same session-held token as the pages', protects them.
	 */
	private static CsrfFilter consentCsrfFilter() {
		CsrfFilter filter = new CsrfFilter(new HttpSessionCsrfTokenRepository());
		filter.setRequireCsrfProtectionMatcher(new OrRequestMatcher(
				PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, DEVICE_VERIFICATION_PAGE),
				(request) -> "POST".equals(request.getMethod()) && "/oauth2/authorize".equals(request.getRequestURI())
						&& request.getParameter("response_type") == null));
		// Its own name, or it would take itself for the CsrfFilter that already ran.
		filter.setBeanName("consentCsrfFilter");
		return filter;
	}

	/**
	 * The actuator: health (with the liveness and readiness groups) for anyone, as probes
	 * and load balancers call it; the Prometheus scrape for a bearer token with scope
	 * {@code metrics.read} or {@code admin}, since metrics name clients; nothing else.
	 * Stateless, like the admin API.
	 */
	@Bean
	@Order(4)
	SecurityFilterChain actuatorFilterChain(HttpSecurity http, JwtDecoder jwtDecoder,
			OAuth2AuthorizationService authorizations) {
		ActuatorSecurityErrors errors = new ActuatorSecurityErrors();
		http.securityMatcher("/actuator/**")
			.authorizeHttpRequests((authorize) -> authorize.requestMatchers("/actuator/health", "/actuator/health/**")
				.permitAll()
				.requestMatchers("/actuator/prometheus")
				.hasAnyAuthority("SCOPE_" + ActuatorSecurityErrors.SCOPE, "SCOPE_" + AdminSecurityProblems.ADMIN_SCOPE)
				.anyRequest()
				.denyAll())
			.oauth2ResourceServer((resourceServer) -> resourceServer
				.jwt((jwt) -> jwt.decoder(new ActiveAccessTokenDecoder(jwtDecoder, authorizations)))
				.authenticationEntryPoint(errors)
				.accessDeniedHandler(errors))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(errors).accessDeniedHandler(errors))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.requestCache(new NullRequestCache()))
			.csrf(AbstractHttpConfigurer::disable);
		return http.build();
	}

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
				.failureHandler(new LoginFailureAudit(audit, SecurityConfiguration::signInFailed)))
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

	@Bean
	AuthorizationServerSettings authorizationServerSettings(TollgateProperties properties) {
		return AuthorizationServerSettings.builder().issuer(properties.issuer().toString()).build();
	}

	/**
	 * Verifies access tokens presented to the server's own endpoints, such as UserInfo.
	 * They are RFC 9068 tokens, so {@code typ} must be {@code at+jwt} (section 4); Spring
	 * Security's default accepts only {@code JWT}, and an ID token, which has no
	 * {@code typ}, is refused as a bearer token.
	 */
	@Bean
	JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource, TollgateProperties properties) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(jwkSource).jwsAlgorithms((algorithms) -> {
			algorithms.add(SignatureAlgorithm.RS256);
			algorithms.add(SignatureAlgorithm.ES256);
		}).build();
		decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(new JwtTypeValidator("at+jwt"),
				new JwtIssuerValidator(properties.issuer().toString())));
		return decoder;
	}

	@Bean
	FilterRegistrationBean<SecurityHeadersFilter> securityHeadersFilter() {
		FilterRegistrationBean<SecurityHeadersFilter> registration = new FilterRegistrationBean<>(
				new SecurityHeadersFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.FORWARD,
				DispatcherType.ASYNC);
		return registration;
	}

	@Bean
	FilterRegistrationBean<ProtocolFailureFilter> protocolFailureFilter(DataSource dataSource) {
		FilterRegistrationBean<ProtocolFailureFilter> registration = new FilterRegistrationBean<>(
				new ProtocolFailureFilter(dataSource));
		registration.setOrder(-300);
		return registration;
	}

	/** Right outside Spring Session's filter, whose database failures it answers. */
	@Bean
	FilterRegistrationBean<SessionStoreFailureFilter> sessionStoreFailureFilter(DataSource dataSource) {
		FilterRegistrationBean<SessionStoreFailureFilter> registration = new FilterRegistrationBean<>(
				new SessionStoreFailureFilter(new ProtocolFailureFilter(dataSource)));
		registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 1);
		return registration;
	}

	/** Right inside Spring Session's filter, which makes the session available. */
	@Bean
	FilterRegistrationBean<StatelessSessionFilter> statelessSessionFilter() {
		FilterRegistrationBean<StatelessSessionFilter> registration = new FilterRegistrationBean<>(
				new StatelessSessionFilter());
		registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER + 1);
		return registration;
	}

	@Bean
	FilterRegistrationBean<ProtocolRequestGuardFilter> protocolRequestGuardFilter() {
		FilterRegistrationBean<ProtocolRequestGuardFilter> registration = new FilterRegistrationBean<>(
				new ProtocolRequestGuardFilter());
		registration.setOrder(-200);
		return registration;
	}

}
