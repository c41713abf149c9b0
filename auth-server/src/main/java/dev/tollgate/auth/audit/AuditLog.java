package dev.tollgate.auth.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Records security-relevant events in {@code audit_event}, in two ways:
 * <ul>
 * <li>{@link #record} writes at once and joins the caller's transaction, so an event
 * commits together with the change it describes, or not at all: for failures, detected
 * attacks, revocations and admin changes;</li>
 * <li>{@link #recordLater} hands the event to a batching writer
 * ({@link AuditEventBatcher}) and returns at once: for the events of every token request
 * (issued, refreshed), which must not cost the token endpoint a database round trip
 * each.</li>
 * </ul>
 * Callers pass identifiers only (client id, principal name, row ids): never a token,
 * code, secret or password, in {@code details} or anywhere else.
 * {@link AuditEventCleanup} deletes events older than {@code tollgate.audit.retention}.
 */
@Service
public class AuditLog {

	private final AuditEventRepository events;

	private final AuditEventBatcher batcher;

	private final JsonMapper json = JsonMapper.builder().build();

	AuditLog(AuditEventRepository events, AuditEventBatcher batcher) {
		this.events = events;
		this.batcher = batcher;
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
		this.events.save(event(type, actor, clientId, principalName, remoteAddress, details));
	}

	/**
	 * Like {@link #record}, but written within {@code tollgate.audit.flush-interval}, in
	 * a batch of its own. Called inside a transaction, the event is queued only once the
	 * transaction has committed.
	 */
	public void recordLater(String type, String actor, String clientId, String principalName, String remoteAddress,
			Map<String, Object> details) {
		AuditEvent event = event(type, actor, clientId, principalName, remoteAddress, details);
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			this.batcher.add(event);
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				AuditLog.this.batcher.add(event);
			}

		});
	}

	private AuditEvent event(String type, String actor, String clientId, String principalName, String remoteAddress,
			Map<String, Object> details) {
		String detailsJson = this.json.writeValueAsString((details != null) ? details : new LinkedHashMap<>());
		return new AuditEvent(Instant.now(), type, actor, clientId, principalName, remoteAddress, detailsJson);
	}

}
