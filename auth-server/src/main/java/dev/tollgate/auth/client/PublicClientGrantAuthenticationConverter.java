package dev.tollgate.auth.client;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.util.StringUtils;

/**
 * Recognises a public client (RFC 6749 section 2.1) that identifies itself with
 * {@code client_id} alone on a request that Spring Authorization Server has no
 * public-client support for: the refresh-token grant, the device authorization request
 * and the device-code grant (RFC 8628 section 3.1 and 3.4), and the pushed authorization
 * request (RFC 9126 section 2), which a public client sends with PKCE and its client_id.
 * The code exchange keeps its own PKCE-based converter.
 */
public final class PublicClientGrantAuthenticationConverter implements AuthenticationConverter {

	static final String DEVICE_AUTHORIZATION_ENDPOINT = "/oauth2/device_authorization";

	static final String PUSHED_AUTHORIZATION_REQUEST_ENDPOINT = "/oauth2/par";

	private static final List<String> CREDENTIAL_PARAMETERS = List.of(OAuth2ParameterNames.CLIENT_SECRET,
			OAuth2ParameterNames.CLIENT_ASSERTION, OAuth2ParameterNames.CLIENT_ASSERTION_TYPE);

	@Override
	public Authentication convert(HttpServletRequest request) {
		if (!"POST".equals(request.getMethod()) || request.getHeader(HttpHeaders.AUTHORIZATION) != null
				|| CREDENTIAL_PARAMETERS.stream().anyMatch((name) -> request.getParameter(name) != null)
				|| !isPublicClientRequest(request)) {
			return null;
		}

		String[] clientIds = request.getParameterValues(OAuth2ParameterNames.CLIENT_ID);
		if (clientIds == null) {
			// No client authentication at all: the entry point answers 401
			// invalid_client.
			return null;
		}
		if (clientIds.length != 1 || !StringUtils.hasText(clientIds[0])) {
			OAuth2Error error = new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, "OAuth 2.0 Parameter: client_id",
					null);
			throw new OAuth2AuthenticationException(error);
		}

		Map<String, Object> additionalParameters = new HashMap<>();
		request.getParameterMap().forEach((name, values) -> {
			if (!OAuth2ParameterNames.CLIENT_ID.equals(name)) {
				additionalParameters.put(name, (values.length == 1) ? values[0] : values);
			}
		});
		return new OAuth2ClientAuthenticationToken(clientIds[0], ClientAuthenticationMethod.NONE, null,
				additionalParameters);
	}

	private static boolean isPublicClientRequest(HttpServletRequest request) {
		String path = request.getRequestURI();
		if (path.endsWith(DEVICE_AUTHORIZATION_ENDPOINT) || path.endsWith(PUSHED_AUTHORIZATION_REQUEST_ENDPOINT)) {
			return true;
		}
		String grantType = request.getParameter(OAuth2ParameterNames.GRANT_TYPE);
		return AuthorizationGrantType.REFRESH_TOKEN.getValue().equals(grantType)
				|| AuthorizationGrantType.DEVICE_CODE.getValue().equals(grantType);
	}

}
