package dev.tollgate.auth.audit;

/**
 * Who caused an audit event.
 *
 * @param actor who acted: the client_id of an API caller, or {@value #SERVER} for the
 * server's own schedule
 * @param clientId the client that made the request, if any
 * @param principalName the {@code sub} of the caller's access token, if any
 * @param remoteAddress the address the request came from, if any
 */
public record AuditActor(String actor, String clientId, String principalName, String remoteAddress) {

	/** The actor of what the server does on its own, such as a scheduled key rotation. */
	public static final String SERVER = "tollgate";

	public static AuditActor server() {
		return new AuditActor(SERVER, null, null, null);
	}

}
