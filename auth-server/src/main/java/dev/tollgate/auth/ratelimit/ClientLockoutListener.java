package dev.tollgate.auth.ratelimit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Keeps this instance's copy of the active lock-outs ({@link ClientLockouts}) current:
 * reloads it when any instance sends {@code NOTIFY} {@value ClientLockouts#CHANNEL}, and
 * every {@code tollgate.rate-limits.lockout.refresh-interval} in any case.
 * <p>
 * NOTE: while its connection is lost, an instance does not reload, and admits a client
 * that another instance has just locked out until it has a connection again.
 */
final class ClientLockoutListener implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(ClientLockoutListener.class);

	private static final int POLL_MILLIS = 250;

	private final DataSource dataSource;

	private final ClientLockouts lockouts;

	private final long refreshNanos;

	private volatile boolean running;

	private Thread thread;

	ClientLockoutListener(DataSource dataSource, ClientLockouts lockouts, Duration refreshInterval) {
		this.dataSource = dataSource;
		this.lockouts = lockouts;
		this.refreshNanos = refreshInterval.toNanos();
	}

	@Override
	public synchronized void start() {
		this.running = true;
		this.thread = new Thread(this::listen, "tollgate-client-lockout-listener");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		try {
			this.thread.join(2L * POLL_MILLIS + 1000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void listen() {
		while (this.running) {
			try {
				listenOnce();
			}
			catch (SQLException | RuntimeException ex) {
				if (this.running) {
					logger.warn("Not listening for client lock-outs ({}); retrying", ex.toString());
					pause();
				}
			}
		}
	}

	private void listenOnce() throws SQLException {
		Connection connection = this.dataSource.getConnection();
		try (Statement statement = connection.createStatement()) {
			statement.execute("listen " + ClientLockouts.CHANNEL);
			PGConnection postgres = connection.unwrap(PGConnection.class);
			long reloadedAt = reload();
			while (this.running) {
				PGNotification[] notifications = postgres.getNotifications(POLL_MILLIS);
				boolean notified = notifications != null && notifications.length > 0;
				if (notified || System.nanoTime() - reloadedAt >= this.refreshNanos) {
					reloadedAt = reload();
				}
			}
			statement.execute("unlisten " + ClientLockouts.CHANNEL);
		}
		catch (SQLException | RuntimeException ex) {
			if (this.dataSource.isWrapperFor(HikariDataSource.class)) {
				// The pool never saw the failure, which came through the unwrapped
				// connection.
				this.dataSource.unwrap(HikariDataSource.class).evictConnection(connection);
			}
			throw ex;
		}
		finally {
			connection.close();
		}
	}

	private long reload() {
		this.lockouts.reload();
		return System.nanoTime();
	}

	private void pause() {
		try {
			Thread.sleep(Math.min(this.refreshNanos / 1_000_000, 5000));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
	}

}
