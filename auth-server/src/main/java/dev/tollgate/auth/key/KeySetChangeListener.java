package dev.tollgate.auth.key;

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
 * Listens on PostgreSQL's {@code LISTEN}/{@code NOTIFY} channel
 * {@value SigningKeyRepository#CHANGES_CHANNEL}, on one connection of its own, and has
 * the key set reloaded as soon as any instance commits a change: a rotation or a
 * revocation on one instance reaches the JWKS and the signer of every other within
 * milliseconds.
 * <p>
 * NOTE: while the connection is lost, an instance learns of changes only at its next
 * check of the schedule ({@code tollgate.keys.jwks-cache-lifetime} or 30 seconds at
 * most), and may sign with a just-revoked key until then.
 */
class KeySetChangeListener implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(KeySetChangeListener.class);

	private static final int POLL_MILLIS = 500;

	private final DataSource dataSource;

	private final SigningKeyService keys;

	private final Duration retryDelay;

	private volatile boolean running;

	private Thread thread;

	KeySetChangeListener(DataSource dataSource, SigningKeyService keys, Duration retryDelay) {
		this.dataSource = dataSource;
		this.keys = keys;
		this.retryDelay = retryDelay;
	}

	@Override
	public synchronized void start() {
		this.running = true;
		this.thread = new Thread(this::listen, "tollgate-signing-key-listener");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		try {
			this.thread.join(2 * POLL_MILLIS + 1000);
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
					logger.warn("Not listening for signing-key changes ({}); retrying in {}", ex.toString(),
							this.retryDelay);
					pause();
				}
			}
		}
	}

	private void listenOnce() throws SQLException {
		Connection connection = this.dataSource.getConnection();
		try (Statement statement = connection.createStatement()) {
			statement.execute("listen " + SigningKeyRepository.CHANGES_CHANNEL);
			PGConnection postgres = connection.unwrap(PGConnection.class);
			// A change committed while no connection listened would otherwise be missed.
			this.keys.reloadAfterChange();
			while (this.running) {
				PGNotification[] notifications = postgres.getNotifications(POLL_MILLIS);
				if (notifications != null && notifications.length > 0) {
					this.keys.reloadAfterChange();
				}
			}
			// The connection goes back to the pool, and must not go on listening there.
			statement.execute("unlisten " + SigningKeyRepository.CHANGES_CHANNEL);
		}
		catch (SQLException | RuntimeException ex) {
			evict(connection);
			throw ex;
		}
		finally {
			connection.close();
		}
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
