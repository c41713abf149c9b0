package dev.tollgate.gateway.support;

import java.time.Instant;

/**
 * The quota windows are UTC minutes and days. A test that reads what a window holds after
 * a few calls starts with a few seconds of the minute left, so that no window turns over
 * between its calls and its assertions.
 */
public final class Windows {

	private Windows() {
	}

	/** Waits for the next minute when fewer than {@code seconds} of this one are left. */
	public static void awaitSecondsLeftInMinute(int seconds) {
		long millisLeft = 60_000 - Instant.now().toEpochMilli() % 60_000;
		if (millisLeft < seconds * 1000L) {
			try {
				Thread.sleep(millisLeft + 100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
