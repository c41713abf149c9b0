package dev.tollgate.auth.ratelimit;

import java.time.Duration;

import javax.sql.DataSource;

import dev.tollgate.auth.database.ChannelListener;

/**
 * Keeps this instance's copy of the active lock-outs ({@link ClientLockouts}) current:
 * reloads it when any instance sends {@code NOTIFY} {@value ClientLockouts#CHANNEL}, and
 * every {@code tollgate.rate-limits.lockout.refresh-interval} in any case.
 * <p>
 * NOTE: while its connection is lost, an instance does not reload, and admits a client
 * that another instance has just locked out until it has a connection again.
 */
final class ClientLockoutListener extends ChannelListener {

	private static final Duration LONGEST_RETRY_DELAY = Duration.ofSeconds(5);

	private final ClientLockouts lockouts;

	private final Duration refreshInterval;

	ClientLockoutListener(DataSource dataSource, ClientLockouts lockouts, Duration refreshInterval) {
		super(dataSource, ClientLockouts.CHANNEL, "tollgate-client-lockout-listener", "client lock-outs",
				Duration.ofMillis(250), shorter(refreshInterval, LONGEST_RETRY_DELAY));
		this.lockouts = lockouts;
		this.refreshInterval = refreshInterval;
	}

	@Override
	protected void reload() {
		this.lockouts.reload();
	}

	@Override
	protected boolean reloadDue(Duration sinceReload) {
		return sinceReload.compareTo(this.refreshInterval) >= 0;
	}

	private static Duration shorter(Duration a, Duration b) {
		return (a.compareTo(b) < 0) ? a : b;
	}

}
