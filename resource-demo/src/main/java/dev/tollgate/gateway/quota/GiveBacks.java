package dev.tollgate.gateway.quota;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import io.github.bucket4j.distributed.BucketProxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tokens that answered calls did not use, given back behind the answers: a writer thread
 * sums what is pending per client and window and gives it back in one round trip per
 * client, so an answer waits for no give-back of its own. What a window gets back is
 * still exact; it only arrives about one round trip later. A refusal or a peek on this
 * replica first writes the client's pending give-backs itself, so it never misses them. A
 * sum whose windows are over by the time it is written is dropped, as a late give-back is
 * ({@link QuotaService#settle}).
 */
final class GiveBacks {

	private static final Logger logger = LoggerFactory.getLogger(GiveBacks.class);

	private final Map<Key, Long> pending = new ConcurrentHashMap<>();

	private final AtomicBoolean scheduled = new AtomicBoolean();

	private final ExecutorService writer = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "quota-give-backs");
		thread.setDaemon(true);
		return thread;
	});

	private final Function<Caller, Optional<BucketProxy>> buckets;

	GiveBacks(Function<Caller, Optional<BucketProxy>> buckets) {
		this.buckets = buckets;
	}

	void add(Caller caller, Instant takenAt, long tokens) {
		this.pending.merge(Key.of(caller, takenAt), tokens, Long::sum);
		if (this.scheduled.compareAndSet(false, true)) {
			try {
				this.writer.execute(this::writeAll);
			}
			catch (RejectedExecutionException ex) {
				// Stopping: write in the caller's thread instead.
				this.scheduled.set(false);
				writeAll();
			}
		}
	}

	/** Writes what is pending for the caller now, in the calling thread. */
	void write(Caller caller) {
		for (Key key : this.pending.keySet()) {
			if (key.caller().equals(caller)) {
				write(key);
			}
		}
	}

	/** Writes everything pending and stops the writer. */
	void close() {
		this.writer.shutdown();
		try {
			this.writer.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		writeAll();
	}

	private void writeAll() {
		// Cleared first: a give-back added from now on schedules another pass.
		this.scheduled.set(false);
		for (Key key : this.pending.keySet()) {
			write(key);
		}
	}

	private void write(Key key) {
		Long tokens = this.pending.remove(key);
		if (tokens == null || !key.sameWindows(Instant.now())) {
			return;
		}
		try {
			this.buckets.apply(key.caller()).ifPresent((bucket) -> bucket.addTokens(tokens));
		}
		catch (RuntimeException ex) {
			logger.warn("Could not give back {} tokens of client {} to the quota store: {}", tokens,
					key.caller().clientId(), ex.getMessage());
		}
	}

	/** A client's windows of tokens per minute and per day, by index. */
	private record Key(Caller caller, long minute, long day) {

		static Key of(Caller caller, Instant at) {
			return new Key(caller, Dimension.TOKENS_PER_MINUTE.windowIndex(at),
					Dimension.TOKENS_PER_DAY.windowIndex(at));
		}

		boolean sameWindows(Instant now) {
			boolean minuteLimited = this.caller.policy().limit(Dimension.TOKENS_PER_MINUTE).isPresent();
			boolean dayLimited = this.caller.policy().limit(Dimension.TOKENS_PER_DAY).isPresent();
			return (!minuteLimited || Dimension.TOKENS_PER_MINUTE.windowIndex(now) == this.minute)
					&& (!dayLimited || Dimension.TOKENS_PER_DAY.windowIndex(now) == this.day);
		}

	}

}
