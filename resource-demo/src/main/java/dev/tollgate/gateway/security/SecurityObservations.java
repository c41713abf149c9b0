package dev.tollgate.gateway.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * Spring Security observes nothing: with the actuator's {@code ObservationRegistry} it
 * would otherwise wrap every filter, authentication and authorization of every call in an
 * observation of its own, about a tenth of the gateway's CPU per completion
 * (docs/benchmarks.md). Each request is still observed once as
 * {@code http.server.requests}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityObservations {

	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

}
