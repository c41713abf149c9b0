package dev.tollgate.auth.audit;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes high-volume audit events (a token issued or refreshed) off the request thread: a
 * request only puts its event in a bounded queue, and one thread writes what has gathered
 * with one multi-row {@code INSERT} every {@code tollgate.audit.flush-interval} or as
 * soon as {@value #BATCH_SIZE} events wait. So the token endpoint pays no database round
 * trip for its audit event.
 * <p>
 * When the queue is full, a new event is dropped and counted, never waited for; a warning
 * says how many were lost. A batch the database refuses is kept and tried again with the
 * next one, as long as the queue has room for it. Stopping (on shutdown, after the web
 * server has stopped taking requests) writes whatever still waits.
 * <p>
 * NOTE: events that wait in memory when the process dies (at most one flush interval's
 * worth, or the whole queue while the database is down) are lost.
 */
final class AuditEventBatcher implements SmartLifecycle {

	static final int BATCH_SIZE = 500;

	private static final Logger logger = LoggerFactory.getLogger(AuditEventBatcher.class);

	private static final int COLUMNS = 7;

	private final JdbcTemplate jdbc;

	private final BlockingQueue<AuditEvent> queue;

	private final long flushMillis;

	private final AtomicLong dropped = new AtomicLong();

	private final List<AuditEvent> pending = new ArrayList<>();

	private long reportedDropped;

	private volatile boolean running;

	private Thread thread;

	AuditEventBatcher(JdbcTemplate jdbc, AuditProperties properties) {
		this.jdbc = jdbc;
		this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
		this.flushMillis = properties.flushInterval().toMillis();
	}

	/** Queues the event; never blocks. */
	void add(AuditEvent event) {
		if (!this.queue.offer(event)) {
			this.dropped.incrementAndGet();
		}
	}

	/** Events dropped so far because the queue was full. */
	long dropped() {
		return this.dropped.get();
	}

	@Override
	public synchronized void start() {
		this.running = true;
		this.thread = new Thread(this::run, "tollgate-audit-writer");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		this.thread.interrupt();
		try {
			this.thread.join(10_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		flush();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Stops after the web server, so the last requests' events are still written. */
	@Override
	public int getPhase() {
		return Integer.MIN_VALUE + 1000;
	}

	private void run() {
		while (this.running) {
			try {
				AuditEvent first = this.queue.poll(this.flushMillis, TimeUnit.MILLISECONDS);
				if (first != null) {
					this.pending.add(first);
					// Let the batch gather for the rest of the interval, unless it is
					// full.
					long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(this.flushMillis);
					while (this.pending.size() < BATCH_SIZE && System.nanoTime() < deadline) {
						AuditEvent next = this.queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
						if (next != null) {
							this.pending.add(next);
						}
					}
				}
				flush();
			}
			catch (InterruptedException ex) {
				// stop() interrupts; it writes what is left itself.
				return;
			}
		}
	}

	/** Writes every waiting event; called by the writer thread, then by stop(). */
	private synchronized void flush() {
		this.queue.drainTo(this.pending);
		reportDropped();
		while (!this.pending.isEmpty()) {
			List<AuditEvent> batch = this.pending.subList(0, Math.min(BATCH_SIZE, this.pending.size()));
			try {
				insert(batch);
				batch.clear();
			}
			catch (RuntimeException ex) {
				logger.warn("Could not write {} audit events, retrying with the next batch: {}", this.pending.size(),
						ex.toString());
				keepWhatFits();
				return;
			}
		}
	}

	private void insert(List<AuditEvent> batch) {
		StringJoiner rows = new StringJoiner(", ");
		Object[] values = new Object[batch.size() * COLUMNS];
		int i = 0;
		for (AuditEvent event : batch) {
			rows.add("(?, ?, ?, ?, ?, ?, ?::jsonb)");
			values[i++] = event.getOccurredAt().atOffset(ZoneOffset.UTC);
			values[i++] = event.getType();
			values[i++] = event.getActor();
			values[i++] = event.getClientId();
			values[i++] = event.getPrincipalName();
			values[i++] = event.getRemoteAddress();
			values[i++] = event.getDetails();
		}
		this.jdbc.update("insert into audit_event (occurred_at, type, actor, client_id, principal_name,"
				+ " remote_address, details) values " + rows, values);
	}

	/** While the database is away, at most a queue's worth of events waits for it. */
	private void keepWhatFits() {
		int capacity = this.queue.remainingCapacity() + this.queue.size();
		int excess = this.pending.size() - capacity;
		if (excess > 0) {
			this.pending.subList(0, excess).clear();
			this.dropped.addAndGet(excess);
		}
	}

	private void reportDropped() {
		long total = this.dropped.get();
		if (total > this.reportedDropped) {
			logger.warn("{} audit events dropped because the audit queue was full (tollgate.audit.queue-capacity)",
					total - this.reportedDropped);
			this.reportedDropped = total;
		}
	}

}
