package dev.tollgate.auth.revocation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code revoked_access_token} table behind the revocation feed: the {@code jti} and
 * expiry of every access token revoked before it expired, whatever revoked it (RFC 7009
 * revocation, refresh-token reuse detection, the admin API).
 */
@Component
public class RevokedAccessTokens {

	private final JdbcClient jdbc;

	RevokedAccessTokens(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Records a revocation; a token already recorded keeps its first revocation time. */
	public void record(String jti, Instant expiresAt, Instant revokedAt) {
		this.jdbc.sql("""
				insert into revoked_access_token (jti, expires_at, revoked_at) values (:jti, :expiresAt, :revokedAt)
				on conflict (jti) do nothing""")
			.param("jti", jti)
			.param("expiresAt", Timestamp.from(expiresAt))
			.param("revokedAt", Timestamp.from(revokedAt))
			.update();
	}

	/** Tokens revoked at or after {@code since} that have not expired at {@code now}. */
	List<RevokedToken> revokedSince(Instant since, Instant now) {
		return this.jdbc.sql("""
				select jti, expires_at from revoked_access_token
				where revoked_at >= :since and expires_at > :now order by revoked_at, jti""")
			.param("since", Timestamp.from(since))
			.param("now", Timestamp.from(now))
			.query((rs, row) -> new RevokedToken(rs.getString(1), rs.getTimestamp(2).toInstant()))
			.list();
	}

	/** Signing keys revoked at or after {@code since}. */
	List<String> keysRevokedSince(Instant since) {
		return this.jdbc
			.sql("""
					select kid from signing_key where state = 'revoked' and revoked_at >= :since order by revoked_at, kid""")
			.param("since", Timestamp.from(since))
			.query(String.class)
			.list();
	}

	/** Deletes the rows of tokens expired before {@code now}; answers how many. */
	int deleteExpired(Instant now) {
		return this.jdbc.sql("delete from revoked_access_token where expires_at <= :now")
			.param("now", Timestamp.from(now))
			.update();
	}

	record RevokedToken(String jti, Instant expiresAt) {
	}

}
