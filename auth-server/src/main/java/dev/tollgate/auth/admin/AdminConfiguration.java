package dev.tollgate.auth.admin;

import javax.sql.DataSource;

import dev.tollgate.auth.web.ProtocolFailureFilter;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The admin API's own servlet filter; its security filter chain is in
 * {@code BearerTokenSecurityConfiguration} with the other bearer-token chains.
 */
@Configuration(proxyBeanMethods = false)
class AdminConfiguration {

	/**
	 * Outside Spring Security, so that its own errors are problem details too; a failure
	 * is the database's by the protocol endpoints' rule.
	 */
	@Bean
	FilterRegistrationBean<AdminErrorFilter> adminErrorFilter(DataSource dataSource) {
		AdminErrorFilter filter = new AdminErrorFilter(new ProtocolFailureFilter(dataSource)::isDatabaseUnavailable);
		FilterRegistrationBean<AdminErrorFilter> registration = new FilterRegistrationBean<>(filter);
		registration.addUrlPatterns("/admin/*");
		registration.setOrder(-300);
		return registration;
	}

}
