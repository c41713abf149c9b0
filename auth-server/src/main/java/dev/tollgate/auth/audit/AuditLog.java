package dev.tollgate.auth.audit;

import java.time.Instant;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes audit events. A caller inside a transaction gets the event written in that same
 * transaction, so the event exists exactly when the change it records does.
 * <p>
 * Details must never hold a secret, a token value or key material: they are kept as plain
 * JSON and shown to every admin.
 */
@Service
public class AuditLog {

	private final AuditEventRepository events;

	private final JsonMapper json = JsonMapper.builder().build();

	AuditLog(AuditEventRepository events) {
		this.events = events;
	}

	@Transactional(propagation = Propagation.REQUIRED)
	public AuditEvent record(String type, String actor, String clientId, String principalName, String remoteAddress,
			Map<String, Object> details) {
		return record(type, new AuditActor(actor, clientId, principalName, remoteAddress), details);
	}

	@Transactional(propagation = Propagation.REQUIRED)
	public AuditEvent record(String type, AuditActor actor, Map<String, Object> details) {
		String detailsJson = this.json.writeValueAsString((details != null) ? details : Map.of());
		return this.events.save(new AuditEvent(Instant.now(), type, actor, detailsJson));
	}

}
