package dev.tollgate.auth.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.endpoint.OAuth2DeviceAuthorizationResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.http.converter.OAuth2DeviceAuthorizationResponseHttpMessageConverter;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceAuthorizationRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContext;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Writes the device authorization response (RFC 8628 section 3.2) with the
 * {@code interval} a device should poll at, which Spring Authorization Server leaves out,
 * and with verification URIs under the configured issuer rather than the host the request
 * happened to reach.
 * <p>
 * NOTE: the interval is advice only; a device that polls faster gets no
 * {@code slow_down}.
 */
public final class DeviceAuthorizationResponseHandler implements AuthenticationSuccessHandler {

	/** RFC 8628 section 3.2: the interval a client assumes when none is given. */
	static final long POLLING_INTERVAL_SECONDS = 5;

	private final HttpMessageConverter<OAuth2DeviceAuthorizationResponse> converter;

	public DeviceAuthorizationResponseHandler() {
		this.converter = new OAuth2DeviceAuthorizationResponseHttpMessageConverter();
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		var deviceAuthorization = (OAuth2DeviceAuthorizationRequestAuthenticationToken) authentication;
		AuthorizationServerContext context = AuthorizationServerContextHolder.getContext();
		String verificationUri = context.getIssuer()
				+ context.getAuthorizationServerSettings().getDeviceVerificationEndpoint();
		String verificationUriComplete = UriComponentsBuilder.fromUriString(verificationUri)
			.queryParam(OAuth2ParameterNames.USER_CODE, deviceAuthorization.getUserCode().getTokenValue())
			.build()
			.toUriString();

		OAuth2DeviceAuthorizationResponse answer = OAuth2DeviceAuthorizationResponse
			.with(deviceAuthorization.getDeviceCode(), deviceAuthorization.getUserCode())
			.verificationUri(verificationUri)
			.verificationUriComplete(verificationUriComplete)
			.interval(POLLING_INTERVAL_SECONDS)
			.build();
		this.converter.write(answer, null, new ServletServerHttpResponse(response));
	}

}
