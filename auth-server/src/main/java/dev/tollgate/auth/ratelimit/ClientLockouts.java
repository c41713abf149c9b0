package dev.tollgate.auth.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.tollgate.auth.audit.AuditLog;
import dev.tollgate.auth.ratelimit.RateLimitProperties.Lockout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Locks a client id out after a burst of failed client authentications: {@code failures}
 * within {@code window} lock it for {@code duration}
 * ({@code tollgate.rate-limits.lockout.*}), on every instance, whatever the next request
 * presents, so that guessing a client's secret is slow (RFC 6819 section 5.1.4.2.3, RFC
 * 9700 section 4.17).
 * <p>
 * Failures are counted in {@code client_lockout}, one short transaction per failure under
 * a row lock. The check on every request reads only this instance's copy of the active
 * lock-outs, which {@link ClientLockoutListener} reloads when any instance engages one
 * ({@code NOTIFY} {@value #CHANNEL}) and every {@code refresh-interval}. A lock lifts by
 * its own time, without a database round trip.
 * <p>
 * NOTE: failures are counted in fixed windows, so up to twice {@code failures} may fail
 * across the boundary of two windows before a lock-out engages.
 * <p>
 * NOTE: whoever knows a client id can lock it out by failing on purpose; the lock-out
 * trades that for making secret guessing slow, and lasts only {@code duration}.
 */
final class ClientLockouts {

	static final String CHANNEL = "tollgate_client_lockout";

	static final String LOCKED_OUT = "client.locked_out";

	private static final Logger logger = LoggerFactory.getLogger(ClientLockouts.class);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final AuditLog audit;

	private final Lockout settings;

	/** Client id to the instant its lock-out lifts, on this JVM's clock. */
	private volatile Map<String, Instant> active = Map.of();

	ClientLockouts(JdbcTemplate jdbc, TransactionTemplate transactions, AuditLog audit, Lockout settings) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.audit = audit;
		this.settings = settings;
	}

	/** How long the client id stays locked out; {@link Duration#ZERO} when it is not. */
	Duration lockedFor(String clientId) {
		Instant until = this.active.get(clientId);
		if (until == null) {
			return Duration.ZERO;
		}
		Duration left = Duration.between(Instant.now(), until);
		return left.isNegative() ? Duration.ZERO : left;
	}

	/**
	 * Counts one failed authentication of the claimed client, and locks it out when that
	 * completes a burst.
	 */
	void recordFailure(ClaimedClient client, String remoteAddress) {
		Long lockedMillis = this.transactions.execute((status) -> countFailure(client, remoteAddress));
		if (lockedMillis != null) {
			remember(client.clientId(), lockedMillis);
		}
	}

	/**
	 * @return how long the lock-out just engaged lasts, or {@code null} for none
	 */
	private Long countFailure(ClaimedClient client, String remoteAddress) {
		this.jdbc.update("""
				insert into client_lockout (client_id, window_started_at, failures) values (?, now(), 0)
				on conflict (client_id) do nothing""", client.clientId());
		Failures row = this.jdbc.queryForObject("""
				select extract(epoch from now() - window_started_at) * 1000, failures,
				       coalesce(locked_until > now(), false)
				from client_lockout where client_id = ? for update""",
				(result, index) -> new Failures(result.getLong(1), result.getInt(2), result.getBoolean(3)),
				client.clientId());
		if (row.locked()) {
			return null;
		}

		boolean inWindow = row.windowAgeMillis() < this.settings.window().toMillis();
		int failures = inWindow ? row.failures() + 1 : 1;
		if (failures < this.settings.failures()) {
			this.jdbc.update("""
					update client_lockout set failures = ?,
					    window_started_at = case when ? then window_started_at else now() end
					where client_id = ?""", failures, inWindow, client.clientId());
			return null;
		}

		long durationMillis = this.settings.duration().toMillis();
		this.jdbc.update("""
				update client_lockout set failures = 0, window_started_at = now(),
				    locked_until = now() + ? * interval '1 millisecond'
				where client_id = ?""", durationMillis, client.clientId());
		this.jdbc.queryForList("select pg_notify(?, ?)", CHANNEL, client.clientId());
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("failures", failures);
		details.put("window", this.settings.window().toString());
		details.put("duration", this.settings.duration().toString());
		details.put("method", client.method());
		this.audit.record(LOCKED_OUT, client.clientId(), client.clientId(), null, remoteAddress, details);
		logger.warn("Client id {} locked out for {} after {} failed client authentications within {}",
				client.clientId(), this.settings.duration(), failures, this.settings.window());
		return durationMillis;
	}

	/** Re-reads every active lock-out; called by {@link ClientLockoutListener}. */
	synchronized void reload() {
		Map<String, Instant> reloaded = new HashMap<>();
		Instant now = Instant.now();
		this.jdbc.query("""
				select client_id, extract(epoch from locked_until - now()) * 1000 from client_lockout
				where locked_until > now()""", (result) -> {
			reloaded.put(result.getString(1), now.plusMillis(result.getLong(2)));
		});
		this.active = Map.copyOf(reloaded);
	}

	/** Deletes the rows of client ids neither locked nor counting failures any more. */
	int deleteIdle() {
		return this.jdbc.update("""
				delete from client_lockout
				where (locked_until is null or locked_until < now())
				  and window_started_at < now() - ? * interval '1 millisecond'""", this.settings.window().toMillis());
	}

	private synchronized void remember(String clientId, long lockedMillis) {
		Map<String, Instant> updated = new HashMap<>(this.active);
		updated.put(clientId, Instant.now().plusMillis(lockedMillis));
		this.active = Map.copyOf(updated);
	}

	private record Failures(long windowAgeMillis, int failures, boolean locked) {
	}

}
