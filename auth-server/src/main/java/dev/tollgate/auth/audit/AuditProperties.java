package dev.tollgate.auth.audit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code tollgate.audit.*} settings.
 *
 * @param retention how long an audit event is kept; 90 days by default
 * @param cleanupInterval the pause between two runs of the job that deletes older events
 * @param cleanupBatchSize how many events the job deletes in one transaction
 * @param flushInterval how long a high-volume event (a token issued or refreshed) may
 * wait in memory before it is written with the others of its batch
 * @param queueCapacity how many such events may wait; past it, new ones are dropped and
 * counted rather than slow the token endpoint down
 */
@ConfigurationProperties("tollgate.audit")
public record AuditProperties(@DefaultValue("P90D") Duration retention, @DefaultValue("PT1H") Duration cleanupInterval,
		@DefaultValue("1000") int cleanupBatchSize, @DefaultValue("PT0.2S") Duration flushInterval,
		@DefaultValue("20000") int queueCapacity) {

	public AuditProperties {
		requirePositive("tollgate.audit.retention", retention);
		requirePositive("tollgate.audit.cleanup-interval", cleanupInterval);
		requirePositive("tollgate.audit.flush-interval", flushInterval);
		if (cleanupBatchSize < 1) {
			throw new IllegalArgumentException("tollgate.audit.cleanup-batch-size must be at least 1");
		}
		if (queueCapacity < 1) {
			throw new IllegalArgumentException("tollgate.audit.queue-capacity must be at least 1");
		}
	}

	private static void requirePositive(String name, Duration value) {
		if (value.isZero() || value.isNegative()) {
			throw new IllegalArgumentException(name + " must be a positive duration, such as P90D");
		}
	}

}
