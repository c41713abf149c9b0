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
	 * Signing keys and their lifecycle ({@code next → active → retired → gone}).
	 *
	 * @param encryptionKey base64 of the 256-bit key that seals private keys at rest;
	 * generated into {@code .tollgate/} under the {@code local} profile when absent
	 * @param rotationInterval how long a key signs before the next one takes over
	 * @param algorithm the JWS algorithm of new signing keys, {@code RS256} (2048-bit
	 * RSA) or {@code ES256} (P-256)
	 * @param jwksCacheLifetime the {@code max-age} of the JWKS answer, so how long a
	 * resource server may keep using a copy of it. A next key is published at least this
	 * long (plus one {@linkplain #checkInterval() check interval}) before it signs. 15
	 * minutes by default: short enough that a revoked key is dropped by every
	 * standards-following cache within a quarter of an hour, long enough that a JWKS
	 * costs each resource server four conditional requests an hour.
	 * @param clockSkew how much a verifier's clock may be behind: a retired key stays
	 * published until every token it signed has expired plus this much (60 seconds, the
	 * default of Spring Security's and Nimbus's verifiers)
	 * @param signatureProvider the JCA provider that signs tokens: {@code auto} (Amazon
	 * Corretto Crypto Provider where its native library runs, else the JDK's),
	 * {@code accp} or {@code jdk}
	 */
	public record Keys(String encryptionKey, @DefaultValue("P30D") Duration rotationInterval,
			@DefaultValue("RS256") String algorithm, @DefaultValue("PT15M") Duration jwksCacheLifetime,
			@DefaultValue("PT1M") Duration clockSkew, @DefaultValue("auto") String signatureProvider) {

		private static final Duration LONGEST_CHECK_INTERVAL = Duration.ofSeconds(30);

		/**
		 * How often every instance checks whether a key is due to be published, to sign
		 * or to leave the JWKS, and re-reads the key set in case it missed a change
		 * notification: every 30 seconds, or more often when the JWKS cache lifetime is
		 * shorter than that.
		 */
		public Duration checkInterval() {
			return (this.jwksCacheLifetime.compareTo(LONGEST_CHECK_INTERVAL) < 0) ? this.jwksCacheLifetime
					: LONGEST_CHECK_INTERVAL;
		}

		/**
		 * How long before it signs a next key is in the JWKS of every instance and of
		 * every resource server's cache: one check interval for the slowest instance to
		 * publish it, one cache lifetime for the last cached copy without it to expire.
		 */
		public Duration publicationLead() {
			return checkInterval().plus(this.jwksCacheLifetime);
		}

	}

	/**
	 * @param accessTokenTtl default access-token lifetime of a new client
	 * @param refreshTokenTtl default absolute refresh-token lifetime of a new client: how
	 * long a chain of rotated refresh tokens lives, counted from the first one
	 * @param audiences the resource server ({@code aud}) that each scope belongs to; the
	 * audiences that a client's granted scopes map to here are also the only values it
	 * may send as an RFC 8707 {@code resource} ({@code ResourceIndicators})
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
