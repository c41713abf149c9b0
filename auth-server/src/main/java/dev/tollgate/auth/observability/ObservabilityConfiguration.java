package dev.tollgate.auth.observability;

import io.micrometer.observation.ObservationPredicate;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * The request id comes first of all filters, so that every log line of a request carries
 * it; the endpoint timer right after it, so that it measures every other filter too.
 */
@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration {

	@Bean
	FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
		FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	@Bean
	FilterRegistrationBean<ProtocolMetricsFilter> protocolMetricsFilter(ProtocolMetrics metrics) {
		FilterRegistrationBean<ProtocolMetricsFilter> registration = new FilterRegistrationBean<>(
				new ProtocolMetricsFilter(metrics));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		registration.setUrlPatterns(ProtocolMetricsFilter.ENDPOINTS.keySet());
		return registration;
	}

	/**
	 * The token, introspection and revocation endpoints are timed by
	 * {@code tollgate.token.requests}, so they are not observed a second time as
	 * {@code http.server.requests}: that observation (a timer, a long-task timer of the
	 * active requests, its key values) cost about a twentieth of a token request's CPU.
	 * Every other path is still observed.
	 */
	@Bean
	ObservationPredicate protocolEndpointsObservedOnce() {
		return (name, context) -> !(context instanceof ServerRequestObservationContext request
				&& ProtocolMetricsFilter.ENDPOINTS.containsKey(request.getCarrier().getRequestURI()));
	}

}
