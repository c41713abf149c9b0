package dev.tollgate.auth.audit;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The batching writer of high-volume audit events. */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

	@Bean
	AuditEventBatcher auditEventBatcher(JdbcTemplate jdbc, AuditProperties properties) {
		return new AuditEventBatcher(jdbc, properties);
	}

}
