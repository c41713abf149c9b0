package dev.tollgate.auth.ratelimit;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;

/**
 * The client id a request claims, before anything has checked it, and how it tries to
 * authenticate: from the {@code Authorization: Basic} header (RFC 6749 section 2.3.1, the
 * id form-encoded) or the {@code client_id} parameter. The secret is never kept.
 *
 * @param clientId the client id as given, cut to {@value #MAX_LENGTH} characters
 * @param method the client authentication method the request uses
 */
record ClaimedClient(String clientId, String method) {

	/** The longest client id kept, which is also the column width of its lock-out. */
	static final int MAX_LENGTH = 200;

	private static final String BASIC = "Basic ";

	/** The claimed client, or {@code null} when the request names none. */
	static ClaimedClient of(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
			String clientId = basicClientId(authorization.substring(BASIC.length()).trim());
			return (clientId != null) ? of(clientId, ClientAuthenticationMethod.CLIENT_SECRET_BASIC) : null;
		}
		String clientId = request.getParameter(OAuth2ParameterNames.CLIENT_ID);
		if (clientId == null || clientId.isEmpty()) {
			return null;
		}
		if (request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION) != null) {
			return of(clientId, ClientAuthenticationMethod.PRIVATE_KEY_JWT);
		}
		if (request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null) {
			return of(clientId, ClientAuthenticationMethod.CLIENT_SECRET_POST);
		}
		return of(clientId, ClientAuthenticationMethod.NONE);
	}

	private static ClaimedClient of(String clientId, ClientAuthenticationMethod method) {
		String kept = (clientId.length() > MAX_LENGTH) ? clientId.substring(0, MAX_LENGTH) : clientId;
		return new ClaimedClient(kept, method.getValue());
	}

	private static String basicClientId(String credentials) {
		try {
			String decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
			int colon = decoded.indexOf(':');
			if (colon <= 0) {
				return null;
			}
			return URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
