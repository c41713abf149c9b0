package dev.tollgate.gateway.quota;

import java.time.Duration;
import java.time.Instant;

/**
 * A dimension of a quota policy: what is counted and over which window. Windows are fixed
 * and aligned to UTC (every minute at :00, every day at 00:00), the same on every
 * replica, so that a window can be named by its index since the epoch.
 */
public enum Dimension {

	TOKENS_PER_MINUTE("tokens_per_minute", Duration.ofMinutes(1), "tokens per min (TPM)"),

	REQUESTS_PER_MINUTE("requests_per_minute", Duration.ofMinutes(1), "requests per min (RPM)"),

	TOKENS_PER_DAY("tokens_per_day", Duration.ofDays(1), "tokens per day (TPD)");

	private final String claimName;

	private final Duration window;

	private final String label;

	Dimension(String claimName, Duration window, String label) {
		this.claimName = claimName;
		this.window = window;
		this.label = label;
	}

	/** The field of the {@code llm} claim, also the bandwidth id in Bucket4j. */
	public String claimName() {
		return this.claimName;
	}

	public Duration window() {
		return this.window;
	}

	/** How OpenAI's messages name the dimension. */
	String label() {
		return this.label;
	}

	/** Which window {@code instant} falls in, counted from the epoch. */
	long windowIndex(Instant instant) {
		return Math.floorDiv(instant.toEpochMilli(), this.window.toMillis());
	}

	/** When the window that holds {@code instant} ends and the next one starts full. */
	Instant windowEnd(Instant instant) {
		return Instant.ofEpochMilli((windowIndex(instant) + 1) * this.window.toMillis());
	}

	static Dimension ofClaimName(String claimName) {
		for (Dimension dimension : values()) {
			if (dimension.claimName.equals(claimName)) {
				return dimension;
			}
		}
		throw new IllegalArgumentException("Unknown quota dimension " + claimName);
	}

}
