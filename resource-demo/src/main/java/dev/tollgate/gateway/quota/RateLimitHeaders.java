package dev.tollgate.gateway.quota;

import java.time.Duration;
import java.time.Instant;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

import dev.tollgate.gateway.error.CallerHeaders;
import dev.tollgate.gateway.error.GatewayException;

/**
 * OpenAI's rate-limit headers: {@code x-ratelimit-limit-*},
 * {@code x-ratelimit-remaining-*} and {@code x-ratelimit-reset-*} for tokens and
 * requests. Durations are written as OpenAI writes them ({@code 1m30s}, {@code 6s},
 * {@code 250ms}). A dimension the policy does not limit has no headers, since there is no
 * number to give; NOTE: neither has an answer to a caller with no valid token or no
 * {@code llm} claim, whose windows are unknown.
 */
@Component
public class RateLimitHeaders implements CallerHeaders {

	private static final Logger logger = LoggerFactory.getLogger(RateLimitHeaders.class);

	private final QuotaService quota;

	RateLimitHeaders(QuotaService quota) {
		this.quota = quota;
	}

	/** The headers describing {@code snapshot}. */
	public static HttpHeaders of(QuotaSnapshot snapshot) {
		HttpHeaders headers = new HttpHeaders();
		Instant now = Instant.now();
		snapshot.tokens().ifPresent((window) -> add(headers, "tokens", window, now));
		snapshot.requests().ifPresent((window) -> add(headers, "requests", window, now));
		return headers;
	}

	/**
	 * The headers of the request's caller, read from the quota store, for an answer that
	 * took nothing from it (an error before the reservation). Empty when the caller is
	 * unknown or the store does not answer.
	 */
	@Override
	public HttpHeaders forCaller(HttpServletRequest request) {
		if (!(request.getUserPrincipal() instanceof JwtAuthenticationToken authentication)) {
			return HttpHeaders.EMPTY;
		}
		try {
			return of(this.quota.peek(Caller.of(authentication.getToken())));
		}
		catch (GatewayException ex) {
			logger.debug("No rate-limit headers for this answer: {}", ex.getMessage());
			return HttpHeaders.EMPTY;
		}
	}

	/**
	 * A duration as OpenAI's headers write it: {@code 250ms}, {@code 6s}, {@code 1m30s}.
	 */
	public static String format(Duration duration) {
		if (duration.isNegative() || duration.isZero()) {
			return "0s";
		}
		if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
			return duration.toMillis() + "ms";
		}
		long seconds = (duration.toMillis() + 999) / 1000;
		StringBuilder text = new StringBuilder();
		if (seconds >= 3600) {
			text.append(seconds / 3600).append('h');
		}
		if (seconds >= 60) {
			text.append(seconds % 3600 / 60).append('m');
		}
		return text.append(seconds % 60).append('s').toString();
	}

	private static void add(HttpHeaders headers, String dimension, Window window, Instant now) {
		headers.set("x-ratelimit-limit-" + dimension, String.valueOf(window.limit()));
		headers.set("x-ratelimit-remaining-" + dimension, String.valueOf(window.remaining()));
		headers.set("x-ratelimit-reset-" + dimension, format(resetIn(window, now)));
	}

	/** Until the window is full again: nothing when nothing is spent, else its end. */
	private static Duration resetIn(Window window, Instant now) {
		return (window.remaining() >= window.limit()) ? Duration.ZERO : Duration.between(now, window.resetsAt());
	}

}
