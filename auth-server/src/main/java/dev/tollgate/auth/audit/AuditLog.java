package dev.tollgate.auth.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records security-relevant events in {@code audit_event}. A call joins the caller's
 * transaction, so an event commits together with the change it describes, or not at all.
 * <p>
 * Callers pass identifiers only (client id, principal name, row ids): never a token,
 * code, secret or password, in {@code details} or anywhere else.
 * <p>
 * NOTE: nothing deletes audit events yet; how long to keep them is left to the operator.
 */
@Service
public class AuditLog {

	private final AuditEventRepository events;

	private final JsonMapper json = JsonMapper.builder().build();

	AuditLog(AuditEventRepository events) {
		this.events = events;
	}

	/**
	 * @param type what happened, as {@code area.event}, e.g.
	 * {@code refresh_token.reuse_detected}
	 * @param actor who caused it: a client id, an admin client id, or a user name
	 * @param clientId the client concerned, if any
	 * @param principalName the user concerned, if any
	 * @param remoteAddress the address the request came from, if any
	 * @param details event-specific fields; values must serialise as JSON
	 */
	@Transactional
	public void record(String type, String actor, String clientId, String principalName, String remoteAddress,
			Map<String, Object> details) {
		String detailsJson = this.json.writeValueAsString((details != null) ? details : new LinkedHashMap<>());
		this.events
			.save(new AuditEvent(Instant.now(), type, actor, clientId, principalName, remoteAddress, detailsJson));
	}

}
