package dev.tollgate.gateway.usage;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The usage ledger ({@code usage_ledger}): one row per answered completion with what it
 * really used, for {@code /v1/usage} and for audits.
 * <p>
 * Rows are written behind the answers, many per INSERT batch: a writer thread takes what
 * has queued up every {@value #FLUSH_MILLIS} ms, so a completion costs no database round
 * trip of its own. This replica's {@link #totalsSince} writes what is queued first, so a
 * caller always sees its own completions. When the queue is full, a row is written at
 * once. NOTE: rows still queued when a replica dies (not when it stops) are lost, and
 * another replica's {@code /v1/usage} sees a completion up to {@value #FLUSH_MILLIS} ms
 * late; quotas are not affected, they live in the Bucket4j buckets.
 */
@Repository
class UsageLedger implements SmartLifecycle {

	static final long FLUSH_MILLIS = 200;

	private static final int QUEUE_CAPACITY = 50_000;

	private static final String INSERT = "insert into usage_ledger (client_id, model, prompt_tokens,"
			+ " completion_tokens, policy, policy_version, created_at) values (?, ?, ?, ?, ?, ?, ?)";

	private static final Logger logger = LoggerFactory.getLogger(UsageLedger.class);

	private final JdbcTemplate jdbc;

	private final BlockingQueue<Entry> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);

	private volatile boolean running;

	private Thread writer;

	UsageLedger(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	void record(Entry entry) {
		if (!this.running || !this.queue.offer(entry)) {
			insert(List.of(entry));
		}
	}

	/** What the client used since {@code since}, per model. */
	List<ModelTotal> totalsSince(String clientId, Instant since) {
		flush();
		return this.jdbc.query(
				"select model, count(*) as requests, sum(prompt_tokens) as prompt_tokens,"
						+ " sum(completion_tokens) as completion_tokens from usage_ledger"
						+ " where client_id = ? and created_at >= ? group by model order by model",
				(row, index) -> new ModelTotal(row.getString("model"), row.getLong("requests"),
						row.getLong("prompt_tokens"), row.getLong("completion_tokens")),
				clientId, Timestamp.from(since));
	}

	/**
	 * Writes every queued row, in batches; one writer at a time, so none is in flight
	 * after.
	 */
	synchronized void flush() {
		List<Entry> batch = new ArrayList<>();
		while (this.queue.drainTo(batch, 1000) > 0) {
			try {
				insert(batch);
			}
			catch (RuntimeException ex) {
				logger.warn("Could not record {} usage rows: {}", batch.size(), ex.getMessage());
			}
			batch.clear();
		}
	}

	private void insert(List<Entry> entries) {
		this.jdbc.batchUpdate(INSERT, entries, entries.size(), (statement, entry) -> {
			statement.setString(1, entry.clientId());
			statement.setString(2, entry.model());
			statement.setLong(3, entry.promptTokens());
			statement.setLong(4, entry.completionTokens());
			statement.setString(5, entry.policy());
			statement.setLong(6, entry.policyVersion());
			statement.setTimestamp(7, Timestamp.from(entry.at()));
		});
	}

	@Override
	public synchronized void start() {
		this.running = true;
		this.writer = new Thread(this::writeBehind, "tollgate-usage-ledger-writer");
		this.writer.setDaemon(true);
		this.writer.start();
	}

	/** Writes what is queued before the application stops. */
	@Override
	public synchronized void stop() {
		this.running = false;
		this.writer.interrupt();
		try {
			this.writer.join(2000);
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

	private void writeBehind() {
		while (this.running) {
			try {
				Thread.sleep(FLUSH_MILLIS);
			}
			catch (InterruptedException ex) {
				return;
			}
			flush();
		}
	}

	/**
	 * One answered completion.
	 *
	 * @param clientId whose quota it used
	 * @param model the model that answered
	 * @param promptTokens tokens of the prompt
	 * @param completionTokens tokens of the answer
	 * @param policy the name of the client's policy then, or {@code null}
	 * @param policyVersion its version
	 * @param at when it was answered
	 */
	record Entry(String clientId, String model, long promptTokens, long completionTokens, String policy,
			long policyVersion, Instant at) {

	}

	/** What one model answered a client in a period. */
	record ModelTotal(String model, long requests, long promptTokens, long completionTokens) {

	}

}
