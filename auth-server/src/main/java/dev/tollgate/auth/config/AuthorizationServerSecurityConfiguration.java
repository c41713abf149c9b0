package dev.tollgate.auth.config;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import dev.tollgate.auth.audit.AuditLog;
import dev.tollgate.auth.audit.AuditingAuthorizationService;
import dev.tollgate.auth.authorization.RefreshTokenGrantAuthenticationProvider;
import dev.tollgate.auth.authorization.RefreshTokenRotation;
import dev.tollgate.auth.client.ClientAssertionDecoders;
import dev.tollgate.auth.client.ClientCredentialsDefaultScopeConverter;
import dev.tollgate.auth.client.ClientSecretHasher;
import dev.tollgate.auth.client.PreviousClientSecretAuthenticationProvider;
import dev.tollgate.auth.client.PublicClientGrantAuthenticationConverter;
import dev.tollgate.auth.client.PublicClientGrantAuthenticationProvider;
import dev.tollgate.auth.key.JwksEndpointFilter;
import dev.tollgate.auth.key.RevokedKeyIntrospectionProvider;
import dev.tollgate.auth.key.SigningKeyService;
import dev.tollgate.auth.observability.ProtocolMetrics;
import dev.tollgate.auth.observability.TokenIssuedCounter;
import dev.tollgate.auth.ratelimit.ClientAuthenticationFailures;
import dev.tollgate.auth.token.AuthorizationRequestResourceValidator;
import dev.tollgate.auth.token.ResourceIndicators;
import dev.tollgate.auth.user.UserInfoMapper;
import dev.tollgate.auth.web.AuthorizationErrorResponseHandler;
import dev.tollgate.auth.web.ClientAuthenticationEntryPoint;
import dev.tollgate.auth.web.DeviceAuthorizationResponseHandler;
import dev.tollgate.auth.web.OAuth2ErrorResponseHandler;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2PushedAuthorizationRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Filter chain 1 (see {@link SecurityConfiguration}): Spring Authorization Server's
 * protocol endpoints (RFC 6749, 7009, 7662, 8414, 8628, 9126, OpenID Connect), customised
 * for Tollgate: RFC 6749 section 5.2 JSON errors everywhere, public clients with refresh
 * tokens, refresh-token rotation with reuse detection, hashed client secrets with a grace
 * period after rotation, revoked signing keys at introspection, the JWKS with caching
 * headers, RFC 8707 resource indicators, audited authorizations and token metrics.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerSecurityConfiguration {

	private static final RequestMatcher CLIENT_AUTHENTICATED_ENDPOINTS = new OrRequestMatcher(Stream
		.of("/oauth2/token", "/oauth2/introspect", "/oauth2/revoke", "/oauth2/device_authorization", "/oauth2/par")
		.map((path) -> PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, path))
		.toArray(RequestMatcher[]::new));

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServerFilterChain(HttpSecurity http, RegisteredClientRepository clients,
			OAuth2AuthorizationService authorizations, ClientSecretHasher clientSecretHasher,
			UserInfoMapper userInfoMapper, RefreshTokenRotation refreshTokenRotation, SigningKeyService keys,
			TollgateProperties properties, AuditLog audit, TransactionTemplate transactions,
			ClientAuthenticationFailures clientAuthenticationFailures, ProtocolMetrics metrics,
			ResourceIndicators resources, ClientAssertionDecoders clientAssertionDecoders) {
		http.oauth2AuthorizationServer((server) -> {
			http.securityMatcher(server.getEndpointsMatcher());
			configureEndpoints(server, clients, userInfoMapper, refreshTokenRotation, properties,
					clientAuthenticationFailures);
			checkResourceIndicators(server, new AuthorizationRequestResourceValidator(resources));
			acceptPreviousClientSecrets(server, clientSecretHasher,
					new PreviousClientSecretAuthenticationProvider(clients, authorizations, clientSecretHasher),
					clientAssertionDecoders);
			server.tokenEndpoint((token) -> token.accessTokenResponseHandler(new TokenIssuedCounter(metrics)));
			configureKeys(server, keys);
			server.authorizationService(new AuditingAuthorizationService(authorizations, audit, transactions));
		});
		http.addFilterAfter(PagesSecurityConfiguration.consentCsrfFilter(), CsrfFilter.class);
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
				.defaultAuthenticationEntryPointFor(
						new LoginUrlAuthenticationEntryPoint(PagesSecurityConfiguration.LOGIN_PAGE), browserRequests()))
			.requestCache((cache) -> cache.requestCache(authorizationRequestCache()));
		return http.build();
	}

	@Bean
	AuthorizationServerSettings authorizationServerSettings(TollgateProperties properties) {
		return AuthorizationServerSettings.builder().issuer(properties.issuer().toString()).build();
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
			.authorizationEndpoint((authorization) -> authorization.consentPage(PagesSecurityConfiguration.CONSENT_PAGE)
				.errorResponseHandler(new AuthorizationErrorResponseHandler()))
			.deviceVerificationEndpoint(
					(deviceVerification) -> deviceVerification.consentPage(PagesSecurityConfiguration.CONSENT_PAGE)
						.deviceVerificationResponseHandler((request, response, authentication) -> response
							.sendRedirect(PagesSecurityConfiguration.DEVICE_VERIFICATION_PAGE + "?success"))
						.errorResponseHandler((request, response, exception) -> response
							.sendRedirect(PagesSecurityConfiguration.DEVICE_VERIFICATION_PAGE + "?error")))
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
	 * secret costs no extra lookup. Client assertions ({@code private_key_jwt}) are
	 * checked against the client's current {@code jwks_uri}, once each
	 * ({@link ClientAssertionDecoders}).
	 */
	private static void acceptPreviousClientSecrets(OAuth2AuthorizationServerConfigurer server,
			ClientSecretHasher clientSecretHasher, PreviousClientSecretAuthenticationProvider previousSecrets,
			ClientAssertionDecoders clientAssertionDecoders) {
		server.clientAuthentication(
				(clientAuthentication) -> clientAuthentication.authenticationProviders((providers) -> {
					useClientSecretHasher(providers, clientSecretHasher, previousSecrets);
					useClientAssertionDecoders(providers, clientAssertionDecoders);
				}));
	}

	private static void useClientAssertionDecoders(List<AuthenticationProvider> providers,
			ClientAssertionDecoders decoders) {
		providers.stream()
			.filter(JwtClientAssertionAuthenticationProvider.class::isInstance)
			.forEach(
					(provider) -> ((JwtClientAssertionAuthenticationProvider) provider).setJwtDecoderFactory(decoders));
	}

	/**
	 * RFC 8707 resource indicators of authorization requests, plain and pushed, checked
	 * after Spring's own checks of {@code redirect_uri} and {@code scope}. Those of token
	 * requests are checked where the token's {@code aud} is made (AccessTokenCustomizer).
	 */
	private static void checkResourceIndicators(OAuth2AuthorizationServerConfigurer server,
			AuthorizationRequestResourceValidator resourceValidator) {
		var validator = new OAuth2AuthorizationCodeRequestAuthenticationValidator().andThen(resourceValidator);
		server
			.authorizationEndpoint((authorization) -> authorization
				.authenticationProviders((providers) -> useAuthorizationRequestValidator(providers, validator)))
			.pushedAuthorizationRequestEndpoint((pushed) -> pushed
				.authenticationProviders((providers) -> useAuthorizationRequestValidator(providers, validator)));
	}

	private static void useAuthorizationRequestValidator(List<AuthenticationProvider> providers,
			Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> validator) {
		for (AuthenticationProvider provider : providers) {
			if (provider instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider authorizationRequest) {
				authorizationRequest.setAuthenticationValidator(validator);
			}
			else if (provider instanceof OAuth2PushedAuthorizationRequestAuthenticationProvider pushedRequest) {
				pushedRequest.setAuthenticationValidator(validator);
			}
		}
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

}
