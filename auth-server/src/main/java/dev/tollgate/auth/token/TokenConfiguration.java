package dev.tollgate.auth.token;

import dev.tollgate.auth.quota.QuotaPolicyService;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * The token generator of every grant: JWT access and ID tokens, and rotating refresh
 * tokens.
 * <p>
 * NOTE: ID tokens live 30 minutes, a value that {@link JwtGenerator} fixes.
 */
@Configuration(proxyBeanMethods = false)
class TokenConfiguration {

	@Bean
	OAuth2TokenGenerator<?> tokenGenerator(JwtEncoder jwtEncoder, ResourceIndicators resources,
			QuotaPolicyService quotas, RefreshTokenPolicy refreshTokenPolicy) {
		JwtGenerator jwtGenerator = new JwtGenerator(jwtEncoder);
		jwtGenerator.setJwtCustomizer(new AccessTokenCustomizer(resources, quotas));
		return new DelegatingOAuth2TokenGenerator(jwtGenerator, new RotatingRefreshTokenGenerator(refreshTokenPolicy));
	}

}
