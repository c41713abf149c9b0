package dev.tollgate.auth.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * Spring Security observes nothing: with an {@code ObservationRegistry} present (the
 * actuator's), it would otherwise wrap every filter of every chain, and each
 * authentication and authorization, in an observation of its own, about a tenth of the
 * CPU of a token request (docs/benchmarks.md). Requests are still observed once each as
 * {@code http.server.requests}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityObservations {

	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

}
