package dev.tollgate.auth.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code audit_event} rows (about one authorization, or of one type) straight from
 * a test server's database.
 */
public final class AuditEvents {

	private AuditEvents() {
	}

	public static List<Event> ofAuthorization(TestAuthServer server, String authorizationId) {
		try (Connection connection = server.database().connect();
				PreparedStatement query = connection.prepareStatement("""
						select type, actor, client_id, principal_name, remote_address, details::text
						from audit_event where details ->> 'authorization_id' = ? order by id""")) {
			query.setString(1, authorizationId);
			return events(query);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The rows of the type about the authorization, oldest first. */
	public static List<Event> ofAuthorization(TestAuthServer server, String authorizationId, String type) {
		return ofAuthorization(server, authorizationId).stream().filter((event) -> event.type().equals(type)).toList();
	}

	/** Every row, oldest first. */
	public static List<Event> all(TestAuthServer server) {
		try (Connection connection = server.database().connect();
				PreparedStatement query = connection.prepareStatement("""
						select type, actor, client_id, principal_name, remote_address, details::text
						from audit_event order by id""")) {
			return events(query);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Every row of the type, oldest first. */
	public static List<Event> ofType(TestAuthServer server, String type) {
		try (Connection connection = server.database().connect();
				PreparedStatement query = connection.prepareStatement("""
						select type, actor, client_id, principal_name, remote_address, details::text
						from audit_event where type = ? order by id""")) {
			query.setString(1, type);
			return events(query);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static List<Event> events(PreparedStatement query) throws SQLException {
		List<Event> events = new ArrayList<>();
		try (ResultSet row = query.executeQuery()) {
			while (row.next()) {
				events.add(new Event(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
						row.getString(5), row.getString(6)));
			}
		}
		return events;
	}

	/** One row; {@code details} as JSON text. */
	public record Event(String type, String actor, String clientId, String principalName, String remoteAddress,
			String details) {
	}

}
