package dev.tollgate.auth.admin;

import jakarta.servlet.http.HttpServletRequest;
import dev.tollgate.auth.audit.AuditActor;

import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The actor of an admin API call, for the audit trail: the client the access token was
 * issued to, and the token's subject.
 * <p>
 * NOTE: the remote address is the connection's; behind a reverse proxy it is the proxy's
 * unless {@code server.forward-headers-strategy} is set.
 */
final class AdminActors {

	private AdminActors() {
	}

	static AuditActor of(Jwt accessToken, HttpServletRequest request) {
		String clientId = accessToken.getClaimAsString(OAuth2ParameterNames.CLIENT_ID);
		String actor = (clientId != null) ? clientId : accessToken.getSubject();
		return new AuditActor(actor, clientId, accessToken.getSubject(), request.getRemoteAddr());
	}

}
