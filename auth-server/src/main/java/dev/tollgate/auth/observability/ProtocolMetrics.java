package dev.tollgate.auth.observability;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import dev.tollgate.auth.key.SigningKeyService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.stereotype.Component;

/**
 * The server's own Prometheus metrics, served at {@code /actuator/prometheus}:
 * <ul>
 * <li>{@code tollgate.tokens.issued} (counter): access tokens issued by the token
 * endpoint, by {@code grant_type} and {@code client_id};</li>
 * <li>{@code tollgate.token.requests} (timer with a histogram): time spent answering the
 * token, introspection and revocation endpoints, by {@code endpoint} and
 * {@code status};</li>
 * <li>{@code tollgate.token.errors} (counter): RFC 6749 section 5.2 errors those
 * endpoints answered, by {@code endpoint} and {@code error};</li>
 * <li>{@code tollgate.keys.active.age} (gauge, seconds): how long the active signing key
 * has signed, which should stay below {@code tollgate.keys.rotation-interval}.</li>
 * </ul>
 * Tags stay few: {@code client_id} only for issued tokens, whose clients are registered,
 * never for failures, where any string could arrive; error codes outside RFC 6749, 7009,
 * 7662 and 8628 count as {@code other}. Nothing here touches the database. Each meter is
 * looked up once and then kept, since building a meter's id at every request costs more
 * than the count itself (tags sorted, hashed, found in the registry). NOTE: a tag per
 * client suits thousands of registered clients, not millions; the counts are per
 * instance.
 */
@Component
public class ProtocolMetrics {

	private static final Set<String> KNOWN_ERRORS = Set.of(OAuth2ErrorCodes.INVALID_REQUEST,
			OAuth2ErrorCodes.INVALID_CLIENT, OAuth2ErrorCodes.INVALID_GRANT, OAuth2ErrorCodes.UNAUTHORIZED_CLIENT,
			OAuth2ErrorCodes.UNSUPPORTED_GRANT_TYPE, OAuth2ErrorCodes.INVALID_SCOPE,
			OAuth2ErrorCodes.UNSUPPORTED_TOKEN_TYPE, OAuth2ErrorCodes.ACCESS_DENIED, OAuth2ErrorCodes.SERVER_ERROR,
			OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE, OAuth2ErrorCodes.INVALID_TOKEN,
			OAuth2ErrorCodes.INSUFFICIENT_SCOPE, "authorization_pending", "slow_down", "expired_token");

	/**
	 * A few histogram buckets rather than Micrometer's 70-odd, per endpoint and status.
	 */
	private static final Duration[] LATENCY_BUCKETS = Stream.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000)
		.map(Duration::ofMillis)
		.toArray(Duration[]::new);

	private final MeterRegistry meters;

	private final Map<TagValues, Counter> issued = new ConcurrentHashMap<>();

	private final Map<TagValues, Timer> requests = new ConcurrentHashMap<>();

	private final Map<TagValues, Counter> errors = new ConcurrentHashMap<>();

	ProtocolMetrics(MeterRegistry meters, SigningKeyService keys) {
		this.meters = meters;
		Gauge.builder("tollgate.keys.active.age", keys, ProtocolMetrics::activeKeyAgeSeconds)
			.baseUnit("seconds")
			.description("How long the active signing key has signed")
			.register(meters);
	}

	/** One access token issued to a registered client. */
	public void tokenIssued(String grantType, String clientId) {
		this.issued
			.computeIfAbsent(new TagValues(grantType, clientId),
					(values) -> Counter.builder("tollgate.tokens.issued")
						.description("Access tokens issued by the token endpoint")
						.tags("grant_type", values.first(), "client_id", values.second())
						.register(this.meters))
			.increment();
	}

	void error(String endpoint, String errorCode) {
		String error = KNOWN_ERRORS.contains(errorCode) ? errorCode : "other";
		this.errors
			.computeIfAbsent(new TagValues(endpoint, error),
					(values) -> Counter.builder("tollgate.token.errors")
						.description("Errors answered by the token, introspection and revocation endpoints")
						.tags("endpoint", values.first(), "error", values.second())
						.register(this.meters))
			.increment();
	}

	void request(String endpoint, int status, long nanos) {
		this.requests
			.computeIfAbsent(new TagValues(endpoint, Integer.toString(status)),
					(values) -> Timer.builder("tollgate.token.requests")
						.description("Time to answer the token, introspection and revocation endpoints")
						.tags("endpoint", values.first(), "status", values.second())
						.serviceLevelObjectives(LATENCY_BUCKETS)
						.register(this.meters))
			.record(Duration.ofNanos(nanos));
	}

	private static double activeKeyAgeSeconds(SigningKeyService keys) {
		Instant since = keys.activeKeySince();
		return (since != null) ? Duration.between(since, Instant.now()).toMillis() / 1000.0 : Double.NaN;
	}

	/** The values of a meter's two tags, the key under which it is kept. */
	private record TagValues(String first, String second) {
	}

}
