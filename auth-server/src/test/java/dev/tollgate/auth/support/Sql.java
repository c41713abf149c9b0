package dev.tollgate.auth.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a test database directly, to check what is stored, and arranges a state that
 * would otherwise take hours to reach (a key retired long ago).
 */
public final class Sql {

	private Sql() {
	}

	/** Every row of the query, each as column name to value. */
	public static List<Map<String, Object>> rows(TestDatabase.Database database, String query, Object... parameters) {
		try (Connection connection = database.connect();
				PreparedStatement statement = prepare(connection, query, parameters);
				ResultSet result = statement.executeQuery()) {
			ResultSetMetaData columns = result.getMetaData();
			List<Map<String, Object>> rows = new ArrayList<>();
			while (result.next()) {
				Map<String, Object> row = new LinkedHashMap<>();
				for (int i = 1; i <= columns.getColumnCount(); i++) {
					row.put(columns.getColumnLabel(i), result.getObject(i));
				}
				rows.add(row);
			}
			return rows;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static int update(TestDatabase.Database database, String statement, Object... parameters) {
		try (Connection connection = database.connect();
				PreparedStatement prepared = prepare(connection, statement, parameters)) {
			return prepared.executeUpdate();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
			throws SQLException {
		PreparedStatement statement = connection.prepareStatement(sql);
		for (int i = 0; i < parameters.length; i++) {
			statement.setObject(i + 1, parameters[i]);
		}
		return statement;
	}

}
