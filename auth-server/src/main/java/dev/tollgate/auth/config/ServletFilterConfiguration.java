package dev.tollgate.auth.config;

import javax.sql.DataSource;

import dev.tollgate.auth.web.ProtocolFailureFilter;
import dev.tollgate.auth.web.ProtocolRequestGuardFilter;
import dev.tollgate.auth.web.SecurityHeadersFilter;
import jakarta.servlet.DispatcherType;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * The servlet filters outside Spring Security's filter chains
 * ({@link SecurityConfiguration}): security headers on every answer, database failures as
 * 503 instead of 500, the session store's failures on the pages, no session for the
 * endpoints machines call, and the protocol endpoints' refusal of requests that cannot be
 * valid before any other work.
 */
@Configuration(proxyBeanMethods = false)
class ServletFilterConfiguration {

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
