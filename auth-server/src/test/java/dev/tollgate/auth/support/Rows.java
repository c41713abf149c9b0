package dev.tollgate.auth.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Counts rows straight in a test server's database. */
public final class Rows {

	private Rows() {
	}

	/** How many rows of the table meet the condition, which has one {@code ?}. */
	public static int count(TestAuthServer server, String table, String condition, Object parameter) {
		String sql = "select count(*) from " + table + " where " + condition;
		try (Connection connection = server.database().connect();
				PreparedStatement query = connection.prepareStatement(sql)) {
			query.setObject(1, parameter);
			try (ResultSet row = query.executeQuery()) {
				row.next();
				return row.getInt(1);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql, ex);
		}
	}

	public static boolean authorizationExists(TestAuthServer server, String authorizationId) {
		return count(server, "oauth2_authorization", "id = ?", authorizationId) == 1;
	}

}
