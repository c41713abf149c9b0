package dev.tollgate.auth.ratelimit;

import java.time.Duration;

import javax.sql.DataSource;

import dev.tollgate.auth.audit.AuditLog;
import dev.tollgate.auth.database.ChangeNotifications;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rate limits and the client lock-out: the bucket store in PostgreSQL
 * ({@code rate_limit_bucket}), the protocol endpoints' filter, and a job that deletes the
 * buckets and lock-out rows of whoever has been quiet.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(RateLimitConfiguration.class);

	private static final int CLEANUP_BATCH = 1000;

	/** After the protocol failure filter (-300) and the request guard (-200). */
	private static final int FILTER_ORDER = -150;

	@Bean
	PostgreSQLSelectForUpdateBasedProxyManager<String> rateLimitBuckets(DataSource dataSource) {
		return Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
			.primaryKeyMapper(PrimaryKeyMapper.STRING)
			.table("rate_limit_bucket")
			.idColumn("bucket_key")
			.stateColumn("state")
			.expiresAtColumn("expires_at")
			// A bucket that would be full again by now is as good as none.
			.expirationAfterWrite(
					ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
			.build();
	}

	@Bean
	RateLimits rateLimits(RateLimitProperties properties,
			PostgreSQLSelectForUpdateBasedProxyManager<String> rateLimitBuckets) {
		return new RateLimits(properties, new RateLimiter(rateLimitBuckets, properties.syncInterval()));
	}

	@Bean
	ClientLockouts clientLockouts(JdbcTemplate jdbc, TransactionTemplate transactions, AuditLog audit,
			RateLimitProperties properties) {
		return new ClientLockouts(jdbc, transactions, audit, properties.lockout());
	}

	@Bean
	ClientLockoutListener clientLockoutListener(ChangeNotifications notifications, ClientLockouts clientLockouts) {
		return new ClientLockoutListener(notifications, clientLockouts);
	}

	@Bean
	ClientAuthenticationFailures clientAuthenticationFailures(AuditLog audit, ClientLockouts clientLockouts,
			RateLimitProperties properties) {
		return new ClientAuthenticationFailures(audit, clientLockouts, properties);
	}

	@Bean
	FilterRegistrationBean<ProtocolRateLimitFilter> protocolRateLimitFilter(RateLimits rateLimits,
			ClientLockouts clientLockouts) {
		FilterRegistrationBean<ProtocolRateLimitFilter> registration = new FilterRegistrationBean<>(
				new ProtocolRateLimitFilter(rateLimits, clientLockouts));
		registration.setOrder(FILTER_ORDER);
		return registration;
	}

	@Bean
	IdleStateCleaner idleRateLimitStateCleaner(PostgreSQLSelectForUpdateBasedProxyManager<String> rateLimitBuckets,
			ClientLockouts clientLockouts) {
		return new IdleStateCleaner(rateLimitBuckets, clientLockouts);
	}

	/** Deletes what would start afresh anyway: full buckets, lock-out rows long quiet. */
	static final class IdleStateCleaner {

		private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;

		private final ClientLockouts lockouts;

		IdleStateCleaner(PostgreSQLSelectForUpdateBasedProxyManager<String> buckets, ClientLockouts lockouts) {
			this.buckets = buckets;
			this.lockouts = lockouts;
		}

		@Scheduled(initialDelayString = "PT10M", fixedDelayString = "PT10M")
		void deleteIdle() {
			try {
				int removed;
				do {
					removed = this.buckets.removeExpired(CLEANUP_BATCH);
				}
				while (removed == CLEANUP_BATCH);
				this.lockouts.deleteIdle();
			}
			catch (RuntimeException ex) {
				logger.warn("Could not delete idle rate-limit state: {}", ex.toString());
			}
		}

	}

}
