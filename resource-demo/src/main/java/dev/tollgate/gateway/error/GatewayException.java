package dev.tollgate.gateway.error;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A refusal with its HTTP status and OpenAI error body. Its message is public: it is what
 * the caller reads, so it never holds internal detail.
 */
public class GatewayException extends RuntimeException {

	private final HttpStatus status;

	private final String type;

	private final String code;

	private final Duration retryAfter;

	private final HttpHeaders headers;

	private final String reason;

	private GatewayException(HttpStatus status, String type, String code, String message, HttpHeaders headers,
			Duration retryAfter) {
		this(status, type, code, message, headers, retryAfter, code);
	}

	private GatewayException(HttpStatus status, String type, String code, String message, HttpHeaders headers,
			Duration retryAfter, String reason) {
		super(message);
		this.status = status;
		this.type = type;
		this.code = code;
		this.headers = headers;
		this.retryAfter = retryAfter;
		this.reason = reason;
	}

	public static GatewayException badRequest(String code, String message) {
		return new GatewayException(HttpStatus.BAD_REQUEST, "invalid_request_error", code, message, null, null);
	}

	public static GatewayException forbidden(String code, String message) {
		return new GatewayException(HttpStatus.FORBIDDEN, "invalid_request_error", code, message, null, null);
	}

	public static GatewayException notFound(String code, String message) {
		return new GatewayException(HttpStatus.NOT_FOUND, "invalid_request_error", code, message, null, null);
	}

	/**
	 * 429 with {@code Retry-After}.
	 * @param type {@code tokens} or {@code requests}, as OpenAI types its rate-limit
	 * errors
	 * @param window the spent window, such as {@code tokens_per_day}, for metrics
	 * @param headers the rate-limit headers of the window that is spent
	 */
	public static GatewayException rateLimited(String type, String window, String message, HttpHeaders headers,
			Duration wait) {
		return new GatewayException(HttpStatus.TOO_MANY_REQUESTS, type, "rate_limit_exceeded", message, headers, wait,
				window);
	}

	public static GatewayException quotaStoreUnavailable() {
		return new GatewayException(HttpStatus.SERVICE_UNAVAILABLE, "server_error", "quota_store_unavailable",
				"The quota store (PostgreSQL) does not answer, so no quota can be checked and requests are"
						+ " refused until it is back. Please try again later.",
				null, null);
	}

	public static GatewayException upstream(HttpStatus status, String code, String message) {
		return new GatewayException(status, "server_error", code, message, null, null);
	}

	/** The same refusal, carrying the rate-limit headers of the caller's windows. */
	public GatewayException withHeaders(HttpHeaders headers) {
		return new GatewayException(this.status, this.type, this.code, getMessage(), headers, this.retryAfter,
				this.reason);
	}

	/**
	 * Why, in a word fit for a metric tag: the spent window of a 429
	 * ({@code requests_per_minute}, {@code tokens_per_minute}, {@code tokens_per_day}),
	 * else the code.
	 */
	public String reason() {
		return this.reason;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String type() {
		return this.type;
	}

	public String code() {
		return this.code;
	}

	/** The headers to send with the refusal, or {@code null} when none were computed. */
	public HttpHeaders headers() {
		return this.headers;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

	public OpenAiError body() {
		return OpenAiError.of(getMessage(), this.type, this.code);
	}

}
