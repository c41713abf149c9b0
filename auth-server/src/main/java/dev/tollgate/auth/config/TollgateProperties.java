package dev.tollgate.auth.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every {@code tollgate.*} setting. The names are part of the product contract
 * (DESIGN.md).
 *
 * @param issuer the issuer identifier, the {@code iss} of every token (RFC 8414 section
 * 2)
 * @param keys signing-key settings
 * @param tokens token lifetimes and audiences
 * @param bootstrap first-start settings for the {@code prod} profile
 */
@ConfigurationProperties("tollgate")
public record TollgateProperties(@DefaultValue("http://localhost:9000") URI issuer, @DefaultValue Keys keys,
		@DefaultValue Tokens tokens, @DefaultValue Bootstrap bootstrap) {

	/**
	 * @param encryptionKey base64 of the 256-bit key that seals private keys at rest;
	 * generated into {@code .tollgate/} under the {@code local} profile when absent
	 * @param rotationInterval how often a new signing key takes over
	 * @param algorithm the JWS algorithm of new signing keys, {@code RS256} or
	 * {@code ES256}
	 */
	public record Keys(String encryptionKey, @DefaultValue("P30D") Duration rotationInterval,
			@DefaultValue("RS256") String algorithm) {
	}

	/**
	 * @param accessTokenTtl default access-token lifetime of a new client
	 * @param refreshTokenTtl default absolute refresh-token lifetime of a new client: how
	 * long a chain of rotated refresh tokens lives, counted from the first one
	 * @param audiences the resource server ({@code aud}) that each scope belongs to
	 * @param refreshTokenIdleTimeout a refresh token not used for this long expires; for
	 * every client that sets no idle timeout of its own
	 * @param refreshTokenReuseOverlap how long after a rotation the previous refresh
	 * token is accepted once more, for clients that retry after a lost response; for
	 * every client that sets none of its own. {@code PT0S}: never
	 * @param cleanupInterval the pause between two runs of the job that deletes expired
	 * and revoked authorizations
	 * @param cleanupBatchSize how many authorizations the cleanup job deletes in one
	 * transaction
	 */
	public record Tokens(@DefaultValue("PT5M") Duration accessTokenTtl, @DefaultValue("P30D") Duration refreshTokenTtl,
			Map<String, String> audiences, @DefaultValue("P14D") Duration refreshTokenIdleTimeout,
			@DefaultValue("PT0S") Duration refreshTokenReuseOverlap, @DefaultValue("PT5M") Duration cleanupInterval,
			@DefaultValue("1000") int cleanupBatchSize) {

		public Tokens {
			audiences = (audiences != null) ? Map.copyOf(audiences) : Map.of("llm.chat", "llm-gateway");
			requirePositive("tollgate.tokens.refresh-token-idle-timeout", refreshTokenIdleTimeout);
			requirePositive("tollgate.tokens.cleanup-interval", cleanupInterval);
			if (refreshTokenReuseOverlap.isNegative()) {
				throw new IllegalArgumentException("tollgate.tokens.refresh-token-reuse-overlap must not be negative");
			}
			if (cleanupBatchSize < 1) {
				throw new IllegalArgumentException("tollgate.tokens.cleanup-batch-size must be at least 1");
			}
		}

		private static void requirePositive(String name, Duration value) {
			if (value.isZero() || value.isNegative()) {
				throw new IllegalArgumentException(name + " must be a positive duration, such as PT10M");
			}
		}

	}

	/**
	 * @param adminClientSecret the secret of the first admin client under {@code prod}
	 */
	public record Bootstrap(String adminClientSecret) {
	}

}
