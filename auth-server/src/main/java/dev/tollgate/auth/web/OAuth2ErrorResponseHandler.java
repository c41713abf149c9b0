package dev.tollgate.auth.web;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.util.StringUtils;

/**
 * Answers a failed request to the token, introspection, revocation or device
 * authorization endpoint, or a failed client authentication, with RFC 6749 section 5.2
 * JSON: 401 for {@code invalid_client} (with a {@code WWW-Authenticate} challenge when
 * the client used the {@code Authorization} header), 400 otherwise.
 * <p>
 * Every answer carries an {@code error_description} a developer can act on. A failed
 * client authentication always gets the same description, so that the answer does not
 * tell an attacker whether the client exists or which credential was wrong.
 */
public final class OAuth2ErrorResponseHandler implements AuthenticationFailureHandler {

	static final String CLIENT_AUTHENTICATION_FAILED = "Client authentication failed: unknown client, wrong"
			+ " credentials, or an authentication method the client is not registered for";

	private static final Map<String, String> DEFAULT_DESCRIPTIONS = Map.of(OAuth2ErrorCodes.INVALID_GRANT,
			"The authorization grant or refresh token is invalid, expired, revoked, already used, or was issued"
					+ " to another client",
			OAuth2ErrorCodes.INVALID_SCOPE,
			"The requested scope is unknown, not registered for this client, or" + " wider than what was granted",
			OAuth2ErrorCodes.UNAUTHORIZED_CLIENT, "The client is not registered for this grant type",
			OAuth2ErrorCodes.INVALID_REQUEST, "The request is missing a parameter or has one that is malformed",
			OAuth2ErrorCodes.ACCESS_DENIED, "The resource owner denied the request",
			// Spring Authorization Server's proof verifier gives no description.
			OAuth2ErrorCodes.INVALID_DPOP_PROOF,
			"The DPoP proof (RFC 9449 section 4) is invalid: it must be a JWT of typ dpop+jwt, signed (RS or ES"
					+ " algorithms) with the public key in its jwk header, whose htm and htu are this request's"
					+ " method and URL, whose iat is now and whose jti has not been used before");

	private static final Set<String> REPLACED_DESCRIPTIONS = Set.of(OAuth2ErrorCodes.INVALID_GRANT,
			OAuth2ErrorCodes.INVALID_SCOPE);

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		SecurityContextHolder.clearContext();
		OAuth2Error error = (exception instanceof OAuth2AuthenticationException oauth2) ? oauth2.getError()
				: new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST);

		if (OAuth2ErrorCodes.INVALID_CLIENT.equals(error.getErrorCode())) {
			if (request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
				response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"tollgate\"");
			}
			OAuth2ErrorResponses.write(response, HttpStatus.UNAUTHORIZED, OAuth2ErrorCodes.INVALID_CLIENT,
					CLIENT_AUTHENTICATION_FAILED);
			return;
		}
		OAuth2ErrorResponses.write(response, HttpStatus.BAD_REQUEST, error.getErrorCode(), describe(error));
	}

	private static String describe(OAuth2Error error) {
		// Spring Authorization Server describes some invalid_grant cases in terms of
		// client
		// authentication ("Client authentication failed: code") and invalid_scope as
		// "OAuth 2.0 Parameter: scope"; for these codes one plain description serves
		// better.
		if (!StringUtils.hasText(error.getDescription()) || REPLACED_DESCRIPTIONS.contains(error.getErrorCode())) {
			return DEFAULT_DESCRIPTIONS.getOrDefault(error.getErrorCode(), error.getErrorCode());
		}
		return error.getDescription();
	}

}
