package dev.tollgate.auth.ratelimit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code tollgate.rate-limits.*} settings: how many requests the protocol endpoints
 * and the login form accept before they answer 429, and when failed client
 * authentications lock a client id out.
 * <p>
 * A limit is a token bucket: {@code capacity} requests, refilled at {@code capacity} per
 * {@code period}, so a quiet client may burst up to the whole capacity at once.
 *
 * @param enabled {@code false} turns every limit and the lock-out off
 * @param client per client id as the request gives it, on the token, introspection,
 * revocation, device authorization and pushed authorization request endpoints together.
 * 6,000 a minute by default: a client that caches its tokens as it should asks for a few
 * an hour, so even a large fleet stays far below, while a runaway client cannot take
 * every instance's signing capacity. A load test that asks for thousands of tokens a
 * second from one client raises it.
 * @param address per remote address on the same endpoints; 12,000 a minute
 * @param loginUsername per username as typed, on the login form POST; 10 a minute
 * @param loginAddress per remote address on the login form POST; 60 a minute
 * @param syncInterval how long an instance may count a bucket on its own before it syncs
 * with PostgreSQL; with {@link Limit#unsynchronized()} this bounds the over-admission
 * @param lockout the lock-out of a client id after a burst of failed client
 * authentications
 */
@ConfigurationProperties("tollgate.rate-limits")
public record RateLimitProperties(@DefaultValue("true") boolean enabled, Limit client, Limit address,
		Limit loginUsername, Limit loginAddress, @DefaultValue("PT0.5S") Duration syncInterval,
		@DefaultValue Lockout lockout) {

	private static final Duration MINUTE = Duration.ofMinutes(1);

	public RateLimitProperties {
		client = Limit.orDefault("client", client, 6000, MINUTE);
		address = Limit.orDefault("address", address, 12000, MINUTE);
		loginUsername = Limit.orDefault("login-username", loginUsername, 10, MINUTE);
		loginAddress = Limit.orDefault("login-address", loginAddress, 60, MINUTE);
		requirePositive("tollgate.rate-limits.sync-interval", syncInterval);
	}

	/**
	 * @param capacity how many requests a full bucket admits
	 * @param period how long the bucket takes to refill from empty
	 */
	public record Limit(Integer capacity, Duration period) {

		/**
		 * The limit as configured, with the default for what the configuration leaves
		 * out.
		 */
		static Limit orDefault(String name, Limit configured, int capacity, Duration period) {
			Integer givenCapacity = (configured != null) ? configured.capacity : null;
			Duration givenPeriod = (configured != null) ? configured.period : null;
			Limit limit = new Limit((givenCapacity != null) ? givenCapacity : capacity,
					(givenPeriod != null) ? givenPeriod : period);
			if (limit.capacity < 1) {
				throw new IllegalArgumentException("tollgate.rate-limits." + name + ".capacity must be at least 1");
			}
			requirePositive("tollgate.rate-limits." + name + ".period", limit.period);
			return limit;
		}

		/**
		 * How many requests an instance may admit before it syncs the bucket with
		 * PostgreSQL: a twentieth of the capacity, at least one.
		 */
		public long unsynchronized() {
			return Math.max(1, this.capacity / 20);
		}

	}

	/**
	 * @param failures how many failed client authentications of one client id within
	 * {@code window} lock it out; 10 by default
	 * @param window the fixed window failures are counted in; one minute by default
	 * @param duration how long a lock-out lasts; five minutes by default
	 * @param refreshInterval how often an instance re-reads the lock-outs in case it
	 * missed a change notification
	 */
	public record Lockout(@DefaultValue("10") int failures, @DefaultValue("PT1M") Duration window,
			@DefaultValue("PT5M") Duration duration, @DefaultValue("PT10S") Duration refreshInterval) {

		public Lockout {
			if (failures < 1) {
				throw new IllegalArgumentException("tollgate.rate-limits.lockout.failures must be at least 1");
			}
			requirePositive("tollgate.rate-limits.lockout.window", window);
			requirePositive("tollgate.rate-limits.lockout.duration", duration);
			requirePositive("tollgate.rate-limits.lockout.refresh-interval", refreshInterval);
		}

	}

	private static void requirePositive(String name, Duration value) {
		if (value == null || value.isZero() || value.isNegative()) {
			throw new IllegalArgumentException(name + " must be a positive duration, such as PT1M");
		}
	}

}
