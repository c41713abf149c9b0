package dev.tollgate.auth.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.tollgate.auth.audit.AuditTrail.Entry;
import dev.tollgate.auth.audit.AuditTrail.Position;
import dev.tollgate.auth.audit.AuditTrail;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/v1/audit}: the audit trail, newest first, filtered by {@code type},
 * {@code client_id} and {@code since} (an ISO-8601 instant such as
 * {@code 2026-12-03T18:00:00Z}), paged by {@code limit} and the {@code cursor} that
 * {@code next} hands out.
 */
@RestController
@Tag(name = "audit", description = "The audit trail")
class AuditAdminController {

	private static final Pattern TYPE = Pattern.compile("[a-z0-9_.]{1,50}");

	private static final JsonMapper json = JsonMapper.builder().build();

	private final AuditTrail trail;

	AuditAdminController(AuditTrail trail) {
		this.trail = trail;
	}

	@Operation(summary = "Audit events newest first; since is an ISO-8601 instant")
	@GetMapping("/admin/v1/audit")
	ItemList<Map<String, Object>> list(@RequestParam(required = false) String type,
			@RequestParam(name = "client_id", required = false) String clientId,
			@RequestParam(required = false) String since, @RequestParam(required = false) String cursor,
			@RequestParam(required = false) String limit) {
		int pageSize = AdminPaging.limit(limit);
		AuditTrail.Query query = new AuditTrail.Query(type(type), clientId(clientId), since(since),
				parsePosition(AdminPaging.position(cursor)));
		List<Entry> page = this.trail.find(query, pageSize + 1);
		return ItemList.page(page, pageSize, AuditAdminController::item, (entry) -> positionText(entry.position()));
	}

	private static Map<String, Object> item(Entry entry) {
		Map<String, Object> item = new LinkedHashMap<>();
		item.put("id", entry.id());
		item.put("occurred_at", entry.occurredAt().toString());
		item.put("type", entry.type());
		item.put("actor", entry.actor());
		item.put("client_id", entry.clientId());
		item.put("principal_name", entry.principalName());
		item.put("remote_address", entry.remoteAddress());
		item.put("details", (entry.details() != null) ? json.readTree(entry.details()) : null);
		return item;
	}

	private static String type(String type) {
		if (type != null && !TYPE.matcher(type).matches()) {
			throw new InvalidParameterException("type",
					"must be an event type such as client.created: 1 to 50 of a-z, 0-9, '_' and '.'");
		}
		return type;
	}

	private static String clientId(String clientId) {
		if (clientId != null && (clientId.isEmpty() || clientId.length() > 100)) {
			throw new InvalidParameterException("client_id", "must be 1 to 100 characters long");
		}
		return clientId;
	}

	private static Instant since(String since) {
		if (since == null) {
			return null;
		}
		try {
			return Instant.parse(since);
		}
		catch (DateTimeParseException ex) {
			throw new InvalidParameterException("since",
					"must be an ISO-8601 instant in UTC, such as 2026-12-03T18:00:00Z");
		}
	}

	/** A position is an event's time, in microseconds as stored, and its id. */
	private static String positionText(Position position) {
		Instant at = position.occurredAt();
		long micros = Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
		return micros + ":" + position.id();
	}

	private static Position parsePosition(String value) {
		if (value == null) {
			return null;
		}
		String[] parts = value.split(":", -1);
		try {
			if (parts.length == 2) {
				long micros = Long.parseLong(parts[0]);
				Instant at = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
						Math.floorMod(micros, 1_000_000L) * 1_000L);
				return new Position(at, Long.parseLong(parts[1]));
			}
		}
		catch (RuntimeException ex) {
			// answered below
		}
		throw AdminPaging.invalidCursor();
	}

}
