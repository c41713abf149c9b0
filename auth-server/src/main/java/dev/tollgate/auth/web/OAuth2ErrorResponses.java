package dev.tollgate.auth.web;

import dev.tollgate.auth.observability.ProtocolMetricsFilter;
import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;

/**
 * Writes an RFC 6749 section 5.2 error body ({@code error}, {@code error_description}) as
 * JSON, with {@code Cache-Control: no-store}.
 */
public final class OAuth2ErrorResponses {

	private static final OAuth2ErrorHttpMessageConverter converter = new OAuth2ErrorHttpMessageConverter();

	private OAuth2ErrorResponses() {
	}

	public static void write(HttpServletResponse response, HttpStatus status, String errorCode, String description)
			throws IOException {
		ProtocolMetricsFilter.recordError(response, errorCode);
		response.setStatus(status.value());
		response.setHeader("Cache-Control", "no-store");
		ServletServerHttpResponse httpResponse = new ServletServerHttpResponse(response);
		converter.write(new OAuth2Error(errorCode, description, null), null, httpResponse);
		httpResponse.flush();
	}

}
