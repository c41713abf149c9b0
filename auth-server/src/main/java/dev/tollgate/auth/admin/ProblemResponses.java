package dev.tollgate.auth.admin;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;

/**
 * Writes an RFC 9457 problem details answer from outside Spring MVC (security handlers,
 * filters), in the same shape the MVC advice writes: {@code type}, {@code title},
 * {@code status}, {@code detail}, {@code instance}.
 */
final class ProblemResponses {

	private static final JacksonJsonHttpMessageConverter converter = new JacksonJsonHttpMessageConverter();

	private ProblemResponses() {
	}

	static void write(HttpServletRequest request, HttpServletResponse response, HttpStatusCode status, String detail)
			throws IOException {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setInstance(instanceOf(request));
		response.setStatus(status.value());
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		ServletServerHttpResponse httpResponse = new ServletServerHttpResponse(response);
		converter.write(problem, MediaType.APPLICATION_PROBLEM_JSON, httpResponse);
		httpResponse.flush();
	}

	private static URI instanceOf(HttpServletRequest request) {
		try {
			return URI.create(request.getRequestURI());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
