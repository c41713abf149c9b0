package dev.tollgate.auth.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.tollgate.auth.ratelimit.RateLimitProperties.Limit;
import dev.tollgate.auth.support.TestAuthServer;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limiter against its real bucket store: a burst of concurrent first requests on a
 * bucket that does not exist yet is counted like any other, so a limit of 8 admits
 * exactly 8 of 16. Bucket4j fails the batch that merges such requests; before the retry
 * in {@link RateLimiter}, those were admitted uncounted.
 */
class RateLimiterTests {

	private static final int CONCURRENT_REQUESTS = 16;

	private static final Limit EIGHT_AN_HOUR = new Limit(8, Duration.ofHours(1));

	@Test
	void consumeWhenConcurrentFirstRequestsMeetANewBucketThenEachIsCounted() throws Exception {
		@SuppressWarnings("unchecked")
		PostgreSQLSelectForUpdateBasedProxyManager<String> buckets = TestAuthServer.shared()
			.bean(PostgreSQLSelectForUpdateBasedProxyManager.class);
		RateLimiter limiter = new RateLimiter(buckets, Duration.ofMillis(500));

		ExecutorService threads = Executors.newFixedThreadPool(CONCURRENT_REQUESTS);
		try {
			// Several fresh buckets: each burst is one more chance for the batch to form.
			for (int burst = 0; burst < 10; burst++) {
				assertThat(admittedOfBurst(limiter, threads, "burst-" + burst + "-" + System.nanoTime()))
					.as("burst %d", burst)
					.isEqualTo(8);
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	private static long admittedOfBurst(RateLimiter limiter, ExecutorService threads, String key) throws Exception {
		CyclicBarrier start = new CyclicBarrier(CONCURRENT_REQUESTS);
		List<Future<Duration>> answers = new ArrayList<>();
		for (int i = 0; i < CONCURRENT_REQUESTS; i++) {
			answers.add(threads.submit(() -> {
				start.await();
				return limiter.consume("test", key, EIGHT_AN_HOUR);
			}));
		}
		long admitted = 0;
		for (Future<Duration> answer : answers) {
			if (answer.get().isZero()) {
				admitted++;
			}
		}
		return admitted;
	}

}
