package dev.tollgate.auth.observability;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

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

}
