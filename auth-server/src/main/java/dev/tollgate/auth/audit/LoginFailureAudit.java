package dev.tollgate.auth.audit;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Audits a failed sign-in on the login form ({@value #LOGIN_FAILED}) with the username as
 * typed and why it failed, never the password, then answers as the given handler does.
 */
public final class LoginFailureAudit implements AuthenticationFailureHandler {

	static final String LOGIN_FAILED = "login.failed";

	private static final int MAX_USERNAME_LENGTH = 200;

	private final AuditLog audit;

	private final AuthenticationFailureHandler answer;

	public LoginFailureAudit(AuditLog audit, AuthenticationFailureHandler answer) {
		this.audit = audit;
		this.answer = answer;
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException, ServletException {
		String username = request.getParameter("username");
		if (username != null && username.length() > MAX_USERNAME_LENGTH) {
			username = username.substring(0, MAX_USERNAME_LENGTH);
		}
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("reason", reason(exception));
		this.audit.record(LOGIN_FAILED, username, null, username, request.getRemoteAddr(), details);
		this.answer.onAuthenticationFailure(request, response, exception);
	}

	private static String reason(AuthenticationException exception) {
		if (exception instanceof BadCredentialsException) {
			return "bad_credentials";
		}
		if (exception instanceof LockedException) {
			return "account_locked";
		}
		if (exception instanceof DisabledException) {
			return "account_disabled";
		}
		return exception.getClass().getSimpleName();
	}

}
