package dev.tollgate.auth.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Answers a failed authorization request (RFC 6749 section 4.1.2.1). When the client and
 * its redirect URI are verified, the error goes back to the client in the redirect. When
 * they are not (unknown client, redirect URI not registered), the server must not
 * redirect; it answers 400 with the error as JSON, so the developer sees exactly which
 * parameter is wrong.
 */
public final class AuthorizationErrorResponseHandler implements AuthenticationFailureHandler {

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		OAuth2Error error = (exception instanceof OAuth2AuthenticationException oauth2) ? oauth2.getError()
				: new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST);
		OAuth2AuthorizationCodeRequestAuthenticationToken authorizationRequest = null;
		if (exception instanceof OAuth2AuthorizationCodeRequestAuthenticationException codeRequestException) {
			authorizationRequest = codeRequestException.getAuthorizationCodeRequestAuthentication();
		}
		if (authorizationRequest == null || !StringUtils.hasText(authorizationRequest.getRedirectUri())) {
			OAuth2ErrorResponses.write(response, HttpStatus.BAD_REQUEST, error.getErrorCode(), error.getDescription());
			return;
		}
		response.sendRedirect(errorRedirect(authorizationRequest, error));
	}

	private static String errorRedirect(OAuth2AuthorizationCodeRequestAuthenticationToken request, OAuth2Error error) {
		UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(request.getRedirectUri())
			.queryParam(OAuth2ParameterNames.ERROR, error.getErrorCode());
		if (StringUtils.hasText(error.getDescription())) {
			uri.queryParam(OAuth2ParameterNames.ERROR_DESCRIPTION, encode(error.getDescription()));
		}
		if (StringUtils.hasText(request.getState())) {
			uri.queryParam(OAuth2ParameterNames.STATE, encode(request.getState()));
		}
		return uri.build(true).toUriString();
	}

	private static String encode(String value) {
		return UriUtils.encode(value, StandardCharsets.UTF_8);
	}

}
