package dev.tollgate.gateway.security;

import java.time.Clock;
import java.util.List;

import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.OAuth2ProtectedResourceMetadata;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.util.StringUtils;

import dev.tollgate.gateway.GatewayProperties;
import dev.tollgate.gateway.error.ErrorWriter;

/**
 * The gateway as an OAuth 2.0 resource server (RFC 6750): {@code /v1/**} needs a bearer
 * access token of the configured issuer with the scope {@code llm.chat}; the actuator and
 * everything else are left to their own rules.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/** The secret of auth-server's demo client {@code demo-gateway} (profile local). */
	private static final String DEMO_CLIENT_SECRET = "demo-gateway-secret";

	/** Those of Spring's DPoPProofJwtDecoderFactory (RSA, RSA-PSS and ECDSA). */
	private static final List<String> DPOP_PROOF_ALGORITHMS = List.of("RS256", "RS384", "RS512", "PS256", "PS384",
			"PS512", "ES256", "ES384", "ES512");

	@Bean
	SecurityFilterChain gatewaySecurity(HttpSecurity http, JwtDecoder decoder, SecurityErrorHandler errors,
			GatewayProperties properties) {
		http.authorizeHttpRequests((requests) -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
			.permitAll()
			.requestMatchers("/v1/**")
			.hasAuthority("SCOPE_" + SecurityErrorHandler.SCOPE)
			.anyRequest()
			.permitAll())
			.oauth2ResourceServer((server) -> server.jwt((jwt) -> jwt.decoder(decoder))
				.bearerTokenResolver(apiOnly())
				.authenticationEntryPoint(errors)
				.accessDeniedHandler(errors)
				.withObjectPostProcessor(failuresToEntryPoint(errors))
				.protectedResourceMetadata((metadata) -> metadata
					.protectedResourceMetadataCustomizer((resource) -> describe(resource, properties))))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(errors).accessDeniedHandler(errors))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.csrf((csrf) -> csrf.disable());
		return answerDPoPFailures(http.build(), errors);
	}

	/**
	 * Spring adds the DPoP scheme (RFC 9449) to every resource server, with a failure
	 * handler of its own that answers no body; this gateway answers in its own error
	 * shape. Spring's converter also fails an empty {@code DPoP} header with an
	 * IllegalArgumentException, a 500; here it is a refused proof. The configurer is not
	 * public, so its filter is found in the built chain.
	 */
	private static SecurityFilterChain answerDPoPFailures(SecurityFilterChain chain, SecurityErrorHandler errors) {
		for (Filter filter : chain.getFilters()) {
			if (filter instanceof AuthenticationFilter dPoP) {
				dPoP.setAuthenticationConverter(emptyProofRefused(dPoP.getAuthenticationConverter()));
				dPoP.setFailureHandler(errors::commenceDPoP);
			}
		}
		return chain;
	}

	private static AuthenticationConverter emptyProofRefused(AuthenticationConverter spring) {
		return (request) -> {
			try {
				return spring.convert(request);
			}
			catch (IllegalArgumentException ex) {
				throw new OAuth2AuthenticationException(
						new OAuth2Error(OAuth2ErrorCodes.INVALID_DPOP_PROOF, "the DPoP header is empty.", null));
			}
		};
	}

	/**
	 * Spring's strict firewall, whose check of header values (assigned code points, no
	 * control characters) reads printable ASCII without its regular expression: that ran
	 * over the whole access token on every read of the Authorization header.
	 */
	@Bean
	WebSecurityCustomizer firewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderValues(HeaderValues::allowed);
		return (web) -> web.httpFirewall(firewall);
	}

	@Bean
	SecurityErrorHandler securityErrorHandler(ErrorWriter writer, GatewayProperties properties) {
		return new SecurityErrorHandler(writer, properties);
	}

	@Bean
	IssuerKeys issuerKeys(GatewayProperties properties) {
		return new IssuerKeys(properties.issuerBase(), properties.jwksCacheTtl(), properties.jwksRefreshInterval(),
				Clock.systemUTC());
	}

	@Bean
	RevocationList revocationList() {
		return new RevocationList();
	}

	/**
	 * The revocation-feed poller. Its client secret defaults to the demo client's, except
	 * under profile {@code prod}, where the poller refuses to start without one (when the
	 * context starts, after the other settings checks).
	 */
	@Bean
	RevocationPoller revocationPoller(GatewayProperties properties, RevocationList revocations,
			Environment environment) {
		String secret = properties.clientSecret();
		if (!StringUtils.hasText(secret)) {
			secret = environment.acceptsProfiles(Profiles.of("prod")) ? null : DEMO_CLIENT_SECRET;
		}
		return new RevocationPoller(properties.issuerBase(), properties.clientId(), secret,
				properties.revocationPollInterval(), revocations, Clock.systemUTC());
	}

	@Bean
	JwtDecoder jwtDecoder(IssuerKeys keys, RevocationList revocations, GatewayProperties properties,
			MeterRegistry meters) {
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		// The allow-list: keys are only looked up for RS256 and ES256, so none, HS*
		// and any other algorithm never verify, whatever keys the JWKS holds.
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(AccessTokenDecoder.ALGORITHMS, keys));
		// typ is checked by AccessTokenDecoder and the claims by AccessTokenValidators.
		processor.setJWSTypeVerifier((type, context) -> {
		});
		processor.setJWTClaimsSetVerifier((claims, context) -> {
		});
		NimbusJwtDecoder verifier = new NimbusJwtDecoder(processor);
		Clock clock = Clock.systemUTC();
		verifier.setJwtValidator(AccessTokenValidators.create(properties.issuerBase(), properties.audience(), clock));
		int cacheSize = properties.verifiedTokenCacheSize();
		return new AccessTokenDecoder(verifier, keys, new VerifiedTokens(cacheSize), new RefusedTokens(cacheSize),
				revocations, clock, meters);
	}

	/**
	 * What {@code /.well-known/oauth-protected-resource} tells clients (RFC 9728 §2): the
	 * issuer and scope to ask for; tokens are not bound to TLS client certificates here;
	 * DPoP-bound tokens are taken (not required) with proofs of the algorithms that
	 * Spring's proof check accepts.
	 */
	private static void describe(OAuth2ProtectedResourceMetadata.Builder resource, GatewayProperties properties) {
		resource.authorizationServer(properties.issuerBase())
			.scope(SecurityErrorHandler.SCOPE)
			.resourceName("Tollgate LLM gateway")
			.tlsClientCertificateBoundAccessTokens(false)
			.claim("dpop_signing_alg_values_supported", DPOP_PROOF_ALGORITHMS)
			.claim("dpop_bound_access_tokens_required", false);
	}

	/**
	 * Only the API reads bearer tokens: a token sent to the actuator is ignored, not
	 * refused. A well-formed header is read without Spring's regular expression, which
	 * took 14% of the gateway's CPU samples under load; anything else goes to Spring's
	 * resolver, which refuses it as before.
	 */
	private static BearerTokenResolver apiOnly() {
		DefaultBearerTokenResolver resolver = new DefaultBearerTokenResolver();
		return (request) -> {
			if (!request.getRequestURI().startsWith("/v1/")) {
				return null;
			}
			String token = BearerHeader.token(request.getHeader(HttpHeaders.AUTHORIZATION));
			return (token != null) ? token : resolver.resolve(request);
		};
	}

	/**
	 * Spring rethrows a failure to reach the key source as a server error; the entry
	 * point answers it as 503 instead.
	 */
	private static ObjectPostProcessor<BearerTokenAuthenticationFilter> failuresToEntryPoint(
			SecurityErrorHandler errors) {
		return new ObjectPostProcessor<>() {
			@Override
			public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
				filter.setAuthenticationFailureHandler(errors::commence);
				return filter;
			}
		};
	}

}
