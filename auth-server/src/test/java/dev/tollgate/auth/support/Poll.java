package dev.tollgate.auth.support;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Asks again until an answer meets the condition or the patience runs out, for what
 * happens in the background (a batch written, a notification received, a lock-out
 * lifted). It answers the last value; the test asserts on it, never on how long it took.
 */
public final class Poll {

	private static final long PAUSE_MILLIS = 50;

	private Poll() {
	}

	public static <T> T until(Supplier<T> probe, Predicate<T> condition, Duration patience) {
		long deadline = System.nanoTime() + patience.toNanos();
		T value = probe.get();
		while (!condition.test(value) && System.nanoTime() < deadline) {
			try {
				Thread.sleep(PAUSE_MILLIS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return value;
			}
			value = probe.get();
		}
		return value;
	}

}
