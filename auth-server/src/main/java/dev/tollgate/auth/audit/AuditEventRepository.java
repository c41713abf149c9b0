package dev.tollgate.auth.audit;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Reads audit events; {@link AuditLog} is the only writer.
 */
public interface AuditEventRepository extends JpaRepository<AuditEvent, Long> {

}
