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
	 * @param refreshTokenTtl default absolute refresh-token lifetime of a new client
	 * @param audiences the resource server ({@code aud}) that each scope belongs to
	 */
	public record Tokens(@DefaultValue("PT5M") Duration accessTokenTtl, @DefaultValue("P30D") Duration refreshTokenTtl,
			Map<String, String> audiences) {

		public Tokens {
			audiences = (audiences != null) ? Map.copyOf(audiences) : Map.of("llm.chat", "llm-gateway");
		}

	}

	/**
	 * @param adminClientSecret the secret of the first admin client under {@code prod}
	 */
	public record Bootstrap(String adminClientSecret) {
	}

}
