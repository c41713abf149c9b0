package dev.tollgate.auth.ratelimit;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.tollgate.auth.audit.AuditLog;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * What happens on every failed client authentication (RFC 6749 section 2.3) before the
 * {@code invalid_client} answer: an audit event {@value #FAILED} with the client id as
 * given, the method and the reason, written synchronously, and one more failure towards
 * the client id's lock-out ({@link ClientLockouts}).
 */
public final class ClientAuthenticationFailures {

	static final String FAILED = "client_authentication.failed";

	private final AuditLog audit;

	private final ClientLockouts lockouts;

	private final RateLimitProperties properties;

	ClientAuthenticationFailures(AuditLog audit, ClientLockouts lockouts, RateLimitProperties properties) {
		this.audit = audit;
		this.lockouts = lockouts;
		this.properties = properties;
	}

	/** The failure handler that records, then answers as {@code answer} does. */
	public AuthenticationFailureHandler recordingThen(AuthenticationFailureHandler answer) {
		return (request, response, exception) -> {
			record(request, exception);
			answer.onAuthenticationFailure(request, response, exception);
		};
	}

	private void record(HttpServletRequest request, AuthenticationException exception)
			throws IOException, ServletException {
		ClaimedClient client = ClaimedClient.of(request);
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("endpoint", request.getRequestURI());
		details.put("method", (client != null) ? client.method() : null);
		details.put("reason", reason(exception));
		String clientId = (client != null) ? client.clientId() : null;
		this.audit.record(FAILED, clientId, clientId, null, request.getRemoteAddr(), details);
		if (client != null && this.properties.enabled()) {
			this.lockouts.recordFailure(client, request.getRemoteAddr());
		}
	}

	/**
	 * Spring Authorization Server's description names what failed ("Client authentication
	 * failed: client_secret"), never a value.
	 */
	private static String reason(AuthenticationException exception) {
		if (exception instanceof OAuth2AuthenticationException oauth2) {
			OAuth2Error error = oauth2.getError();
			return (error.getDescription() != null) ? error.getDescription() : error.getErrorCode();
		}
		return exception.getClass().getSimpleName();
	}

}
