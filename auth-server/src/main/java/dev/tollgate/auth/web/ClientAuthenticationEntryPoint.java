package dev.tollgate.auth.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers a request to a client-authenticated endpoint that carried no client credentials
 * at all: 401 {@code invalid_client} with a {@code WWW-Authenticate} challenge (RFC 6749
 * section 5.2).
 */
public final class ClientAuthenticationEntryPoint implements AuthenticationEntryPoint {

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		response.setHeader("WWW-Authenticate", "Basic realm=\"tollgate\"");
		OAuth2ErrorResponses.write(response, HttpStatus.UNAUTHORIZED, OAuth2ErrorCodes.INVALID_CLIENT,
				"Client authentication is required: client_secret_basic, client_secret_post, private_key_jwt,"
						+ " or client_id alone for a public client");
	}

}
