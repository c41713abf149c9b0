package dev.tollgate.gateway.error;

import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Answers every refusal of the {@code /v1} API in OpenAI's error shape, with the caller's
 * rate-limit headers and, for a 429, {@code Retry-After}.
 */
@RestControllerAdvice
class GatewayExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(GatewayExceptionHandler.class);

	private final CallerHeaders callerHeaders;

	GatewayExceptionHandler(CallerHeaders callerHeaders) {
		this.callerHeaders = callerHeaders;
	}

	@ExceptionHandler(GatewayException.class)
	ResponseEntity<OpenAiError> refused(GatewayException ex, HttpServletRequest request) {
		logger.debug("Refused {} {} with {} {}: {}", request.getMethod(), request.getRequestURI(), ex.status().value(),
				ex.code(), ex.getMessage());
		HttpHeaders headers = new HttpHeaders();
		headers.addAll((ex.headers() != null) ? ex.headers() : this.callerHeaders.forCaller(request));
		if (ex.retryAfter() != null) {
			headers.set(HttpHeaders.RETRY_AFTER, retryAfter(ex.retryAfter()));
		}
		return ResponseEntity.status(ex.status()).headers(headers).body(ex.body());
	}

	@ExceptionHandler(NoResourceFoundException.class)
	ResponseEntity<OpenAiError> notFound(HttpServletRequest request) {
		return refused(GatewayException.notFound("unknown_url",
				"Unknown request URL: " + request.getMethod() + " " + request.getRequestURI() + "."), request);
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	ResponseEntity<OpenAiError> methodNotAllowed(HttpRequestMethodNotSupportedException ex,
			HttpServletRequest request) {
		OpenAiError body = OpenAiError.of(
				"Method " + ex.getMethod() + " is not allowed on " + request.getRequestURI() + ".",
				"invalid_request_error", "method_not_allowed");
		return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).body(body);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<OpenAiError> failed(Exception ex, HttpServletRequest request) {
		if (ex instanceof ErrorResponse refusal && refusal.getStatusCode().is4xxClientError()) {
			// Spring MVC's own refusals (say, an unacceptable Accept) keep their status.
			OpenAiError body = OpenAiError.of(refusal.getBody().getDetail(), "invalid_request_error",
					"invalid_request");
			return ResponseEntity.status(refusal.getStatusCode()).body(body);
		}
		logger.error("Unexpected failure of {} {}", request.getMethod(), request.getRequestURI(), ex);
		OpenAiError body = OpenAiError.of("The gateway failed to answer this request.", "server_error",
				"internal_error");
		return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(body);
	}

	/** Seconds for {@code Retry-After} (RFC 9110 §10.2.3): rounded up, at least 1. */
	static String retryAfter(Duration wait) {
		return String.valueOf(Math.max(1, (wait.toMillis() + 999) / 1000));
	}

}
