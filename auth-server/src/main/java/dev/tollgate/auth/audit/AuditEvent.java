package dev.tollgate.auth.audit;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A row of {@code audit_event}: one security-relevant event, such as a detected refresh
 * token reuse. Written only through {@link AuditLog}; never holds a token, secret or
 * password.
 */
@Entity
@Table(name = "audit_event")
public class AuditEvent {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private Instant occurredAt;

	private String type;

	private String actor;

	private String clientId;

	private String principalName;

	private String remoteAddress;

	/** A JSON object of event-specific fields. */
	@JdbcTypeCode(SqlTypes.JSON)
	private String details;

	protected AuditEvent() {
	}

	AuditEvent(Instant occurredAt, String type, String actor, String clientId, String principalName,
			String remoteAddress, String details) {
		this.occurredAt = occurredAt;
		this.type = type;
		this.actor = actor;
		this.clientId = clientId;
		this.principalName = principalName;
		this.remoteAddress = remoteAddress;
		this.details = details;
	}

	public Long getId() {
		return this.id;
	}

	public Instant getOccurredAt() {
		return this.occurredAt;
	}

	public String getType() {
		return this.type;
	}

	public String getActor() {
		return this.actor;
	}

	public String getClientId() {
		return this.clientId;
	}

	public String getPrincipalName() {
		return this.principalName;
	}

	public String getRemoteAddress() {
		return this.remoteAddress;
	}

	/** The event-specific fields as JSON text. */
	public String getDetails() {
		return this.details;
	}

}
