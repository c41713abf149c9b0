package dev.tollgate.deploy.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server (zonky's embedded binaries) for the processes of a system
 * test, on a fixed port and data directory, so that a test can stop it and start it again
 * where it was: to the applications that is an outage of their database server, not a new
 * one.
 */
final class Postgres implements AutoCloseable {

	private static final String USER = "postgres";

	private final Path dataDirectory;

	private final int port;

	private EmbeddedPostgres postgres;

	private Postgres(Path dataDirectory, int port) {
		this.dataDirectory = dataDirectory;
		this.port = port;
	}

	static Postgres start(String name) {
		try {
			Postgres server = new Postgres(Files.createTempDirectory("tollgate-system-" + name), FreePorts.next());
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A new, empty database; each application's Flyway creates its schema in it. */
	Database createDatabase(String name) {
		try (Connection connection = DriverManager.getConnection(url("postgres"), USER, USER);
				Statement statement = connection.createStatement()) {
			statement.execute("create database " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create database " + name, ex);
		}
		return new Database(url(name), USER, USER);
	}

	void start() {
		try {
			this.postgres = EmbeddedPostgres.builder()
				.setDataDirectory(this.dataDirectory)
				.setCleanDataDirectory(false)
				.setPort(this.port)
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start the embedded PostgreSQL on port " + this.port, ex);
		}
	}

	/** Stops the server as an operator would ({@code pg_ctl stop}): connections break. */
	void stop() {
		try {
			this.postgres.close();
			this.postgres = null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot stop the embedded PostgreSQL", ex);
		}
	}

	@Override
	public void close() {
		if (this.postgres != null) {
			stop();
		}
		try (Stream<Path> files = Files.walk(this.dataDirectory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// Only a temporary directory is left behind.
		}
	}

	private String url(String database) {
		return "jdbc:postgresql://localhost:" + this.port + "/" + database;
	}

}
