package dev.tollgate.auth.database;

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
 * Listens on a PostgreSQL {@code LISTEN}/{@code NOTIFY} channel, on one pooled connection
 * of its own held by a daemon thread, and has this instance's copy of some shared state
 * reloaded as soon as any instance notifies a change. It reloads also each time it starts
 * listening, since a change committed while no connection listened would otherwise be
 * missed, and retries after {@code retryDelay} when the connection fails. A subclass says
 * what to reload and whether to reload without a notification too.
 */
public abstract class ChannelListener implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(ChannelListener.class);

	private final DataSource dataSource;

	private final String channel;

	private final String threadName;

	private final String subject;

	private final int pollMillis;

	private final Duration retryDelay;

	private volatile boolean running;

	private Thread thread;

	/**
	 * @param channel the channel, a plain identifier
	 * @param threadName the listening thread's name
	 * @param subject what changes, for the warning when the connection fails
	 * @param pollInterval how long one wait for notifications lasts, so how long a stop
	 * may wait for the thread
	 * @param retryDelay the pause after a failed connection
	 */
	protected ChannelListener(DataSource dataSource, String channel, String threadName, String subject,
			Duration pollInterval, Duration retryDelay) {
		this.dataSource = dataSource;
		this.channel = channel;
		this.threadName = threadName;
		this.subject = subject;
		this.pollMillis = Math.toIntExact(pollInterval.toMillis());
		this.retryDelay = retryDelay;
	}

	/** Re-reads the shared state. */
	protected abstract void reload();

	/**
	 * Whether to reload without a notification, {@code sinceReload} after the last
	 * reload; by default never.
	 */
	protected boolean reloadDue(Duration sinceReload) {
		return false;
	}

	@Override
	public synchronized void start() {
		this.running = true;
		this.thread = new Thread(this::listen, this.threadName);
		this.thread.setDaemon(true);
		this.thread.start();
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		try {
			this.thread.join(2L * this.pollMillis + 1000);
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
					logger.warn("Not listening for {} ({}); retrying in {}", this.subject, ex.toString(),
							this.retryDelay);
					pause();
				}
			}
		}
	}

	private void listenOnce() throws SQLException {
		Connection connection = this.dataSource.getConnection();
		try (Statement statement = connection.createStatement()) {
			statement.execute("listen " + this.channel);
			PGConnection postgres = connection.unwrap(PGConnection.class);
			long reloadedAt = reloadNow();
			while (this.running) {
				PGNotification[] notifications = postgres.getNotifications(this.pollMillis);
				boolean notified = notifications != null && notifications.length > 0;
				if (notified || reloadDue(Duration.ofNanos(System.nanoTime() - reloadedAt))) {
					reloadedAt = reloadNow();
				}
			}
			// The connection goes back to the pool, and must not go on listening there.
			statement.execute("unlisten " + this.channel);
		}
		catch (SQLException | RuntimeException ex) {
			evict(connection);
			throw ex;
		}
		finally {
			connection.close();
		}
	}

	private long reloadNow() {
		reload();
		return System.nanoTime();
	}

	/**
	 * The pool never saw the failure, which came through the unwrapped connection: left
	 * alone, the broken connection would go back to the pool and to the next request.
	 */
	private void evict(Connection connection) throws SQLException {
		if (this.dataSource.isWrapperFor(HikariDataSource.class)) {
			this.dataSource.unwrap(HikariDataSource.class).evictConnection(connection);
		}
	}

	private void pause() {
		try {
			Thread.sleep(this.retryDelay.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
	}

}
