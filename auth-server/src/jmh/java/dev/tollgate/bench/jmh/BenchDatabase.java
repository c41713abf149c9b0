package dev.tollgate.bench.jmh;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The PostgreSQL that benchmarks run on: {@code -Dbench.postgres=host:port} (default
 * {@code 127.0.0.1:5432}, user {@code postgres}, trust authentication), one database per
 * benchmark, created when missing.
 */
final class BenchDatabase {

	private BenchDatabase() {
	}

	static String url(String database) {
		String server = System.getProperty("bench.postgres", "127.0.0.1:5432");
		create(server, database);
		return "jdbc:postgresql://" + server + "/" + database;
	}

	private static void create(String server, String database) {
		try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + server + "/postgres",
				"postgres", "")) {
			try (PreparedStatement exists = connection
				.prepareStatement("select 1 from pg_database where datname = ?")) {
				exists.setString(1, database);
				try (ResultSet row = exists.executeQuery()) {
					if (row.next()) {
						return;
					}
				}
			}
			try (Statement statement = connection.createStatement()) {
				statement.execute("create database " + database);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("No PostgreSQL for the benchmarks at " + server, ex);
		}
	}

}
