package dev.tollgate.gateway.quota;

import java.time.Duration;

import javax.sql.DataSource;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The quota store: Bucket4j buckets in the gateway's PostgreSQL ({@code quota_bucket}),
 * each change made under {@code SELECT ... FOR UPDATE}, so that every replica on the
 * database shares one budget per client.
 */
@Configuration(proxyBeanMethods = false)
class QuotaConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(QuotaConfiguration.class);

	private static final int CLEANUP_BATCH = 1000;

	@Bean
	PostgreSQLSelectForUpdateBasedProxyManager<String> quotaBuckets(DataSource dataSource) {
		return Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
			.primaryKeyMapper(PrimaryKeyMapper.STRING)
			.table("quota_bucket")
			.idColumn("bucket_key")
			.stateColumn("state")
			.expiresAtColumn("expires_at")
			// A bucket that would be full by now is as good as none: it may be deleted.
			.expirationAfterWrite(
					ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
			.build();
	}

	@Bean
	ExpiredBucketCleaner expiredBucketCleaner(PostgreSQLSelectForUpdateBasedProxyManager<String> quotaBuckets) {
		return new ExpiredBucketCleaner(quotaBuckets);
	}

	/** Deletes buckets of idle clients, which would start full anyway. */
	static final class ExpiredBucketCleaner {

		private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;

		ExpiredBucketCleaner(PostgreSQLSelectForUpdateBasedProxyManager<String> buckets) {
			this.buckets = buckets;
		}

		@Scheduled(initialDelayString = "PT10M", fixedDelayString = "PT10M")
		void removeExpired() {
			try {
				int removed;
				do {
					removed = this.buckets.removeExpired(CLEANUP_BATCH);
				}
				while (removed == CLEANUP_BATCH);
			}
			catch (RuntimeException ex) {
				logger.warn("Could not delete expired quota buckets: {}", ex.getMessage());
			}
		}

	}

}
