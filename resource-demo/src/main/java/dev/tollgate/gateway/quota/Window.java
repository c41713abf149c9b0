package dev.tollgate.gateway.quota;

import java.time.Instant;

/**
 * One quota window of a client as the store saw it at one moment.
 *
 * @param dimension what is counted
 * @param limit what the window allows
 * @param remaining what is left of it, never below 0
 * @param resetsAt when the next window starts full
 */
public record Window(Dimension dimension, long limit, long remaining, Instant resetsAt) {

	public long used() {
		return this.limit - this.remaining;
	}

}
