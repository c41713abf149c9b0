package dev.tollgate.auth.audit;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * Deletes audit events older than {@code tollgate.audit.retention}, every
 * {@code tollgate.audit.cleanup-interval} (the first time one interval after start), in
 * batches of {@code tollgate.audit.cleanup-batch-size} rows, each a statement of its own,
 * until a batch comes back short. Rows another instance is deleting are skipped, not
 * waited for ({@code FOR UPDATE SKIP LOCKED}), so instances share the work.
 */
@Component
public class AuditEventCleanup implements SchedulingConfigurer {

	private static final Logger logger = LoggerFactory.getLogger(AuditEventCleanup.class);

	private final JdbcTemplate jdbc;

	private final Duration retention;

	private final Duration interval;

	private final int batchSize;

	AuditEventCleanup(JdbcTemplate jdbc, AuditProperties properties) {
		this.jdbc = jdbc;
		this.retention = properties.retention();
		this.interval = properties.cleanupInterval();
		this.batchSize = properties.cleanupBatchSize();
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(new FixedDelayTask(this::deleteExpired, this.interval, this.interval));
	}

	/** One run: deletes batches until one comes back short; answers how many rows. */
	public int deleteExpired() {
		Instant cutoff = Instant.now().minus(this.retention);
		int total = 0;
		try {
			int deleted;
			do {
				deleted = deleteBatch(cutoff);
				total += deleted;
			}
			while (deleted == this.batchSize);
		}
		catch (DataAccessException | TransactionException ex) {
			logger.warn("Audit event cleanup stopped after {} rows: {}", total, ex.toString());
			return total;
		}
		if (total > 0) {
			logger.debug("Audit event cleanup deleted {} events older than {}", total, this.retention);
		}
		return total;
	}

	private int deleteBatch(Instant cutoff) {
		return this.jdbc.update("""
				delete from audit_event where id in (
				    select id from audit_event where occurred_at < ?
				    order by occurred_at limit ? for update skip locked)""", cutoff.atOffset(ZoneOffset.UTC),
				this.batchSize);
	}

}
