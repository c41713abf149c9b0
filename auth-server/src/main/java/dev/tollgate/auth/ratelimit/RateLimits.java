package dev.tollgate.auth.ratelimit;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

import dev.tollgate.auth.web.OAuth2ErrorResponses;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The configured limits ({@link RateLimitProperties}) over the shared buckets
 * ({@link RateLimiter}), by what they count: a client id, a username, a remote address.
 * <p>
 * NOTE: the remote address is the servlet request's ({@code getRemoteAddr()}): behind a
 * reverse proxy it is the proxy's, unless {@code server.forward-headers-strategy} is
 * configured so that it is the client's.
 * <p>
 * An answer over a limit is 429 with {@code Retry-After} in seconds (RFC 6585 section 4,
 * RFC 9110 section 10.2.3). On a protocol endpoint its body is an RFC 6749 section 5.2
 * error with code {@value #SLOW_DOWN}: RFC 6749 defines no code for a rate limit, and
 * {@code slow_down}, the code of RFC 8628 section 3.5 for a client that asks too often,
 * is the registered one that says what the client must do; a device-flow client already
 * acts on it by waiting longer.
 */
public final class RateLimits {

	static final String SLOW_DOWN = "slow_down";

	private final RateLimitProperties properties;

	private final RateLimiter limiter;

	RateLimits(RateLimitProperties properties, RateLimiter limiter) {
		this.properties = properties;
		this.limiter = limiter;
	}

	boolean enabled() {
		return this.properties.enabled();
	}

	Duration protocolByAddress(String remoteAddress) {
		return this.limiter.consume("address", remoteAddress, this.properties.address());
	}

	Duration protocolByClient(String clientId) {
		return this.limiter.consume("client", clientId, this.properties.client());
	}

	/**
	 * Takes one login attempt from the address's and then the username's bucket.
	 * @return {@link Duration#ZERO} when admitted, else how long until it would be
	 */
	public Duration login(String username, String remoteAddress) {
		if (!enabled()) {
			return Duration.ZERO;
		}
		Duration wait = this.limiter.consume("login-address", remoteAddress, this.properties.loginAddress());
		if (!wait.isZero() || username == null || username.isBlank()) {
			return wait;
		}
		String key = username.strip().toLowerCase(Locale.ROOT);
		if (key.length() > ClaimedClient.MAX_LENGTH) {
			key = key.substring(0, ClaimedClient.MAX_LENGTH);
		}
		return this.limiter.consume("login-username", key, this.properties.loginUsername());
	}

	/** Whole seconds, rounded up and at least one, as {@code Retry-After} wants them. */
	public static long retryAfterSeconds(Duration wait) {
		long seconds = (wait.toMillis() + 999) / 1000;
		return Math.max(1, seconds);
	}

	/**
	 * 429 with {@code Retry-After} and an RFC 6749 error whose description ends in it.
	 */
	static void refuse(HttpServletResponse response, Duration wait, String what) throws IOException {
		long seconds = retryAfterSeconds(wait);
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		OAuth2ErrorResponses.write(response, HttpStatus.TOO_MANY_REQUESTS, SLOW_DOWN,
				what + "; retry after " + seconds + " seconds");
	}

}
