package dev.tollgate.auth.authorization;

import java.time.Duration;
import java.time.Instant;

import dev.tollgate.auth.config.TollgateProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes the authorizations past their {@code retained_until}
 * ({@link AuthorizationRetention}): expired grants, revoked ones once their access token
 * has expired, and abandoned authorization requests. Their refresh-token history goes
 * with them ({@code on delete cascade}); so do the consents of a deleted client, with the
 * client row, which leaves nothing of theirs to clean here.
 * <p>
 * It runs every {@code tollgate.tokens.cleanup-interval}, the first time one interval
 * after start. Each batch of at most {@code tollgate.tokens.cleanup-batch-size} rows is a
 * transaction of its own, and a run goes on while batches come back full. Rows that
 * another transaction has locked are skipped, not waited for ({@code FOR UPDATE SKIP
 * LOCKED}): several instances share the work without blocking each other or a refresh in
 * progress, and what one skips the next run takes.
 * <p>
 * NOTE: once a revoked authorization is deleted, a replay of its old refresh tokens is an
 * unknown token: {@code invalid_grant}, without a second audit event.
 */
@Component
public class AuthorizationCleanup implements SchedulingConfigurer {

	private static final Logger logger = LoggerFactory.getLogger(AuthorizationCleanup.class);

	private final AuthorizationEntityRepository authorizations;

	private final TransactionTemplate transactions;

	private final Duration interval;

	private final int batchSize;

	AuthorizationCleanup(AuthorizationEntityRepository authorizations, TransactionTemplate transactions,
			TollgateProperties properties) {
		this.authorizations = authorizations;
		this.transactions = transactions;
		this.interval = properties.tokens().cleanupInterval();
		this.batchSize = properties.tokens().cleanupBatchSize();
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(new FixedDelayTask(this::deleteExpired, this.interval, this.interval));
	}

	/** One run: deletes batches until one comes back short; answers how many rows. */
	public int deleteExpired() {
		int total = 0;
		try {
			int deleted;
			do {
				deleted = deleteBatch();
				total += deleted;
			}
			while (deleted == this.batchSize);
		}
		catch (DataAccessException | TransactionException ex) {
			// The next run tries again; a database that is down is no reason for a stack
			// trace every interval.
			logger.warn("Authorization cleanup stopped after {} rows: {}", total, ex.toString());
			return total;
		}
		if (total > 0) {
			logger.debug("Authorization cleanup deleted {} rows", total);
		}
		return total;
	}

	private int deleteBatch() {
		Integer deleted = this.transactions
			.execute((status) -> this.authorizations.deleteRetainedUntilBefore(Instant.now(), this.batchSize));
		return (deleted != null) ? deleted : 0;
	}

}
