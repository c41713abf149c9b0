package dev.tollgate.auth.client;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import dev.tollgate.auth.authorization.TokenHash;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Lets each {@code private_key_jwt} client assertion authenticate its client once: its
 * {@code jti} (RFC 7523 section 3) is written to {@code client_assertion_jti} with the
 * assertion's {@code exp}, and an assertion whose {@code jti} is there already is
 * refused, at whichever instance it was first used. An assertion without a {@code jti} is
 * refused too, as it could not be told from its replays.
 * <p>
 * The same statement deletes the client's rows whose assertions have expired, so the
 * table holds at most the client's assertions still within their lifetime. (A {@code jti}
 * sent again after its first assertion expired is refused once more, by the statement
 * that deletes its row: a {@code jti} is to be unique, RFC 7519 section 4.1.7.)
 */
@Component
public class ClientAssertionJtis {

	/**
	 * What Spring's assertion checks allow past {@code exp} (its
	 * {@code JwtTimestampValidator}'s default): until then a replay would pass them.
	 */
	static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

	private static final String FIRST_USE = """
			with expired as (
			    delete from client_assertion_jti where registered_client_id = ? and expires_at < now()
			)
			insert into client_assertion_jti (registered_client_id, jti_hash, expires_at) values (?, ?, ?)
			on conflict do nothing
			""";

	private final JdbcTemplate jdbc;

	ClientAssertionJtis(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records the {@code jti} of an assertion that passed every other check.
	 * @param registeredClientId the id of the client the assertion authenticates
	 * @throws BadJwtException when the assertion has no {@code jti} or was used before,
	 * which client authentication answers with {@code invalid_client}
	 */
	void requireFirstUse(String registeredClientId, Jwt assertion) {
		String jti = assertion.getId();
		if (!StringUtils.hasText(jti)) {
			throw new BadJwtException("The client assertion has no jti");
		}
		Instant kept = assertion.getExpiresAt().plus(CLOCK_SKEW);
		int recorded = this.jdbc.update(FIRST_USE, registeredClientId, registeredClientId, TokenHash.of(jti),
				Timestamp.from(kept));
		if (recorded == 0) {
			throw new BadJwtException("The client assertion was used before");
		}
	}

}
