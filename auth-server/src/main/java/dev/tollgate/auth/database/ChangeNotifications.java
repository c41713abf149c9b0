package dev.tollgate.auth.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.tollgate.auth.config.TollgateProperties;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * PostgreSQL's {@code LISTEN}/{@code NOTIFY} for what every instance keeps in memory of
 * the database: the signing keys, the registered clients, the quota policies. One
 * connection of its own listens on every subscribed channel, so a change that any
 * instance commits (and notifies in the same transaction) reaches every other within
 * milliseconds.
 * <p>
 * Notifications sent while no connection listened are lost, so each subscriber is told to
 * {@link Subscriber#resynchronize() resynchronize} whenever listening (re)starts. NOTE:
 * while the connection is lost, an instance learns of changes only through each
 * subscriber's own safety net: the key schedule
 * ({@code tollgate.keys.jwks-cache-lifetime} or 30 seconds at most) and the time to live
 * of the caches of clients and quota policies; until then it may sign with a just-revoked
 * key or accept a just-changed client secret.
 */
@Component
public class ChangeNotifications implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(ChangeNotifications.class);

	private static final int POLL_MILLIS = 500;

	private final DataSource dataSource;

	private final Duration retryDelay;

	private final Map<String, List<Subscriber>> subscribers = new LinkedHashMap<>();

	private volatile boolean running;

	private Thread thread;

	ChangeNotifications(DataSource dataSource, TollgateProperties properties) {
		this.dataSource = dataSource;
		this.retryDelay = properties.keys().checkInterval();
	}

	/**
	 * Has {@code subscriber} hear every notification on {@code channel} (a constant SQL
	 * identifier). Subscribers register while the application starts.
	 */
	public synchronized void subscribe(String channel, Subscriber subscriber) {
		if (this.running) {
			throw new IllegalStateException("Subscribe to " + channel + " before the application starts");
		}
		this.subscribers.computeIfAbsent(channel, (name) -> new ArrayList<>()).add(subscriber);
	}

	/** Like {@link #subscribe(String, Subscriber)}, from two actions. */
	public void subscribe(String channel, Consumer<String> changed, Runnable resynchronize) {
		subscribe(channel, new Subscriber() {

			@Override
			public void changed(String payload) {
				changed.accept(payload);
			}

			@Override
			public void resynchronize() {
				resynchronize.run();
			}

		});
	}

	/**
	 * Runs an eviction now and again once the current transaction is over: a read by
	 * another request in between may have cached the row as it was before the change.
	 */
	public static void evictNowAndAfterTransaction(Runnable eviction) {
		eviction.run();
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCompletion(int status) {
					eviction.run();
				}

			});
		}
	}

	@Override
	public synchronized void start() {
		this.running = true;
		this.thread = new Thread(this::listen, "tollgate-change-listener");
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
					logger.warn("Not listening for changes of keys, clients and quota policies ({}); retrying in {}",
							ex.toString(), this.retryDelay);
					pause();
				}
			}
		}
	}

	private void listenOnce() throws SQLException {
		Connection connection = this.dataSource.getConnection();
		try (Statement statement = connection.createStatement()) {
			for (String channel : this.subscribers.keySet()) {
				statement.execute("listen " + channel);
			}
			PGConnection postgres = connection.unwrap(PGConnection.class);
			// A change committed while no connection listened would otherwise be missed.
			this.subscribers.values().forEach((list) -> list.forEach(Subscriber::resynchronize));
			while (this.running) {
				PGNotification[] notifications = postgres.getNotifications(POLL_MILLIS);
				if (notifications != null) {
					for (PGNotification notification : notifications) {
						deliver(notification);
					}
				}
			}
			// The connection goes back to the pool, and must not go on listening there.
			statement.execute("unlisten *");
		}
		catch (SQLException | RuntimeException ex) {
			evict(connection);
			throw ex;
		}
		finally {
			connection.close();
		}
	}

	private void deliver(PGNotification notification) {
		for (Subscriber subscriber : this.subscribers.getOrDefault(notification.getName(), List.of())) {
			subscriber.changed(notification.getParameter());
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

	/** What an instance does when a channel it subscribed to tells of a change. */
	public interface Subscriber {

		/** A change was committed; {@code payload} says which row, or is empty. */
		void changed(String payload);

		/** Notifications may have been missed: forget or reload everything. */
		void resynchronize();

	}

}
