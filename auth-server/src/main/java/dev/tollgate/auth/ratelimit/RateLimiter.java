package dev.tollgate.auth.ratelimit;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.tollgate.auth.ratelimit.RateLimitProperties.Limit;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.BucketNotFoundException;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token buckets in PostgreSQL ({@code rate_limit_bucket}), shared by every instance.
 * <p>
 * Each instance keeps a proxy per bucket key in a bounded map, and each proxy counts on
 * its own until it has admitted {@link Limit#unsynchronized()} requests or
 * {@code tollgate.rate-limits.sync-interval} has passed; only then does it sync with the
 * database (Bucket4j's delaying optimization). A request the local copy cannot admit
 * always asks the database, so a refusal is never made on a stale count.
 * <p>
 * When the database cannot be reached the limiter admits: a rate limit is no reason to
 * turn a request into an error, and the endpoint behind it answers 503 by itself. After
 * such a failure it leaves the store alone for {@link #UNREACHABLE_PAUSE}, or every
 * request would first wait out the pool's connection timeout here, and then again in the
 * endpoint, before its 503.
 * <p>
 * NOTE: between two syncs each instance may admit up to a twentieth of a limit's capacity
 * that the others do not see yet, so N instances may together admit up to (N - 1)
 * twentieths more than the limit in one sync interval.
 */
final class RateLimiter {

	private static final Logger logger = LoggerFactory.getLogger(RateLimiter.class);

	/** Enough for every active client and address of a large deployment. */
	private static final int MAX_CACHED_BUCKETS = 20_000;

	private static final long FAILURE_LOG_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

	static final Duration UNREACHABLE_PAUSE = Duration.ofSeconds(1);

	private final ProxyManager<String> buckets;

	private final Duration syncInterval;

	private final Map<String, BucketProxy> proxies = Collections
		.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, BucketProxy> eldest) {
				return size() > MAX_CACHED_BUCKETS;
			}

		});

	private final AtomicLong lastFailureLog = new AtomicLong(System.nanoTime() - FAILURE_LOG_INTERVAL_NANOS);

	/** {@link System#nanoTime()} until which the store is taken to be unreachable. */
	private volatile long unreachableUntil = System.nanoTime();

	RateLimiter(ProxyManager<String> buckets, Duration syncInterval) {
		this.buckets = buckets;
		this.syncInterval = syncInterval;
	}

	/**
	 * Takes one request from the bucket of {@code name} and {@code key}.
	 * @return {@link Duration#ZERO} when admitted, else how long until the bucket admits
	 * again
	 */
	Duration consume(String name, String key, Limit limit) {
		if (System.nanoTime() - this.unreachableUntil < 0) {
			return Duration.ZERO;
		}

		String bucketKey = name + ":" + key;
		try {
			ConsumptionProbe probe = tryConsume(bucketKey, limit);
			return probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
		}
		catch (RuntimeException ex) {
			if (causedBy(ex, SQLException.class)) {
				this.unreachableUntil = System.nanoTime() + UNREACHABLE_PAUSE.toNanos();
			}
			logFailure(ex);
			return Duration.ZERO;
		}
	}

	/**
	 * Bucket4j 8.14 merges the requests that arrive while one is at the database into one
	 * batch; when the bucket does not exist yet, that batch fails as a whole with a
	 * {@link BucketNotFoundException} (wrapped for each waiting request) instead of
	 * creating the bucket, as a single request does, and fails again when tried again at
	 * once. So such a request is taken once more from a proxy without batching, which
	 * creates the bucket if it is still missing and counts the request at the database;
	 * the batching proxy sees that count at its next sync.
	 */
	private ConsumptionProbe tryConsume(String bucketKey, Limit limit) {
		try {
			return proxy(bucketKey, limit).tryConsumeAndReturnRemaining(1);
		}
		catch (RuntimeException ex) {
			if (!causedBy(ex, BucketNotFoundException.class)) {
				throw ex;
			}
			return this.buckets.builder().build(bucketKey, () -> configuration(limit)).tryConsumeAndReturnRemaining(1);
		}
	}

	private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

	private BucketProxy proxy(String bucketKey, Limit limit) {
		return this.proxies.computeIfAbsent(bucketKey,
				(key) -> this.buckets.builder()
					.withOptimization(
							Optimizations.delaying(new DelayParameters(limit.unsynchronized(), this.syncInterval)))
					.build(key, () -> configuration(limit)));
	}

	private static BucketConfiguration configuration(Limit limit) {
		return BucketConfiguration.builder()
			.addLimit(
					(bandwidth) -> bandwidth.capacity(limit.capacity()).refillGreedy(limit.capacity(), limit.period()))
			.build();
	}

	/** At most one warning a minute while the database is away, not one per request. */
	private void logFailure(RuntimeException ex) {
		long now = System.nanoTime();
		long last = this.lastFailureLog.get();
		if (now - last >= FAILURE_LOG_INTERVAL_NANOS && this.lastFailureLog.compareAndSet(last, now)) {
			logger.warn("Rate limits not enforced: the bucket store cannot be reached ({})", ex.toString());
		}
	}

}
