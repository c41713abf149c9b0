package dev.tollgate.auth.config;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The security filter chains, in the order a request meets them (the first whose matcher
 * fits takes it):
 * <ol>
 * <li>the authorization server's protocol endpoints
 * ({@link AuthorizationServerSecurityConfiguration});</li>
 * <li>the admin API, a resource server for this server's own access tokens with scope
 * {@code admin} ({@link BearerTokenSecurityConfiguration}, as are 3 and 4);</li>
 * <li>the revocation feed, the same with scope {@code revocations.read};</li>
 * <li>the actuator: health for anyone, the Prometheus scrape with scope
 * {@code metrics.read} or {@code admin};</li>
 * <li>the pages a person uses (login, consent, device verification), which need a
 * signed-in session ({@link PagesSecurityConfiguration}).</li>
 * </ol>
 * Only the first and the last use the session, which lives in PostgreSQL (Spring Session
 * JDBC), so any instance can continue a browser flow. The servlet filters around the
 * chains are in {@link ServletFilterConfiguration}. NOTE: session attributes are
 * Java-serialized, so an upgrade that changes Spring Security's serialized classes
 * invalidates sign-ins in progress.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

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

}
