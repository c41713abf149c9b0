package dev.tollgate.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL of the gateway's test run, started once per JVM: a Testcontainers
 * container when a Docker engine answers, an embedded PostgreSQL (real binaries)
 * otherwise. Each {@link #newDatabase()} is a database of its own on it, so that test
 * classes never share buckets or ledger rows by accident.
 */
public final class TestDatabase {

	private static final AtomicInteger counter = new AtomicInteger();

	private static Server server;

	private TestDatabase() {
	}

	/** A new, empty database; the gateway's Flyway creates its schema on start. */
	public static synchronized Database newDatabase() {
		Server server = server();
		String name = "gateway_test_" + counter.incrementAndGet();
		try (Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres"), server.username(),
				server.password()); Statement statement = connection.createStatement()) {
			statement.execute("create database " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create test database " + name, ex);
		}
		return new Database(server.jdbcUrl(name), server.username(), server.password());
	}

	/**
	 * A PostgreSQL of its own for a test that stops and starts it: always embedded, on a
	 * fixed port and data directory so that it comes back where it was.
	 */
	public static StoppableServer stoppableServer() {
		try {
			return new StoppableServer(Files.createTempDirectory("gateway-test-pg-stoppable"), freePort());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Server server() {
		if (server == null) {
			server = dockerAvailable() ? startContainer() : startEmbedded();
		}
		return server;
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	@SuppressWarnings("resource")
	private static Server startContainer() {
		PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
		container.start();
		Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
		String url = container.getJdbcUrl();
		return new Server(url.substring(0, url.lastIndexOf('/') + 1), container.getUsername(), container.getPassword());
	}

	private static Server startEmbedded() {
		try {
			EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setDataDirectory(Files.createTempDirectory("gateway-test-pg"))
				.setCleanDataDirectory(true)
				.start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> close(postgres)));
			return new Server("jdbc:postgresql://localhost:" + postgres.getPort() + "/", "postgres", "postgres");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start the embedded PostgreSQL", ex);
		}
	}

	private static void close(EmbeddedPostgres postgres) {
		try {
			postgres.close();
		}
		catch (IOException ex) {
			// The JVM is exiting; nothing is left to clean up after.
		}
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** An embedded PostgreSQL that a test may stop and start again. */
	public static final class StoppableServer implements AutoCloseable {

		private final Path dataDirectory;

		private final int port;

		private EmbeddedPostgres postgres;

		private StoppableServer(Path dataDirectory, int port) {
			this.dataDirectory = dataDirectory;
			this.port = port;
			start();
		}

		public Database database() {
			return new Database("jdbc:postgresql://localhost:" + this.port + "/postgres", "postgres", "postgres");
		}

		public void start() {
			try {
				this.postgres = EmbeddedPostgres.builder()
					.setDataDirectory(this.dataDirectory)
					.setCleanDataDirectory(false)
					.setPort(this.port)
					.start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot start the embedded PostgreSQL", ex);
			}
		}

		public void stop() {
			try {
				this.postgres.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot stop the embedded PostgreSQL", ex);
			}
		}

		@Override
		public void close() {
			stop();
		}

	}

	private record Server(String baseUrl, String username, String password) {

		String jdbcUrl(String database) {
			return this.baseUrl + database;
		}

	}

	/** Connection settings of one test database. */
	public record Database(String url, String username, String password) {

		public Connection connect() throws SQLException {
			return DriverManager.getConnection(this.url, this.username, this.password);
		}

	}

}
