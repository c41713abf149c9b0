package dev.tollgate.auth.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads the audit trail newest first, by keyset: a page continues strictly after the last
 * event of the page before, by {@code (occurred_at, id)}, so events recorded meanwhile
 * neither shift a page nor appear twice. Each filter and the position go to indexed
 * columns.
 */
@Component
public class AuditTrail {

	private final JdbcClient jdbc;

	AuditTrail(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Up to {@code limit} events that match the query, newest first.
	 * @param query the filters and the position
	 * @param limit at most how many
	 */
	public List<Entry> find(Query query, int limit) {
		StringBuilder sql = new StringBuilder("""
				select id, occurred_at, type, actor, client_id, principal_name, remote_address, details::text
				from audit_event where true""");
		List<Object> parameters = new ArrayList<>();
		if (query.type() != null) {
			sql.append(" and type = ?");
			parameters.add(query.type());
		}
		if (query.clientId() != null) {
			sql.append(" and client_id = ?");
			parameters.add(query.clientId());
		}
		if (query.since() != null) {
			sql.append(" and occurred_at >= ?");
			parameters.add(Timestamp.from(query.since()));
		}
		if (query.before() != null) {
			sql.append(" and (occurred_at, id) < (?, ?)");
			parameters.add(Timestamp.from(query.before().occurredAt()));
			parameters.add(query.before().id());
		}
		sql.append(" order by occurred_at desc, id desc limit ?");
		parameters.add(limit);
		return this.jdbc.sql(sql.toString()).params(parameters).query(AuditTrail::entry).list();
	}

	private static Entry entry(ResultSet row, int rowNumber) throws SQLException {
		return new Entry(row.getLong(1), row.getTimestamp(2).toInstant(), row.getString(3), row.getString(4),
				row.getString(5), row.getString(6), row.getString(7), row.getString(8));
	}

	/**
	 * What to read; a {@code null} filter matches every event.
	 *
	 * @param type only events of this type
	 * @param clientId only events about this client
	 * @param since only events at or after this instant
	 * @param before only events after this position, newest first: the last of the
	 * previous page
	 */
	public record Query(String type, String clientId, Instant since, Position before) {
	}

	/** A place in the trail: an event's time and id. */
	public record Position(Instant occurredAt, long id) {
	}

	/**
	 * One event; {@code details} as JSON text.
	 */
	public record Entry(long id, Instant occurredAt, String type, String actor, String clientId, String principalName,
			String remoteAddress, String details) {

		public Position position() {
			return new Position(this.occurredAt, this.id);
		}

	}

}
