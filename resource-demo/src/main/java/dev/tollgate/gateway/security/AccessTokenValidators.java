package dev.tollgate.gateway.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;

/**
 * The claim checks of an RFC 9068 access token (§4): issuer, audience, lifetime and the
 * required claims. Each failure carries a fixed description, which is what the caller
 * reads; the first failing check, in the order below, decides the answer.
 */
final class AccessTokenValidators {

	/** Clocks of issuer and gateway may differ by this much, as Spring's own default. */
	static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

	/** The one refusal that time can undo. */
	static final String NOT_YET_VALID = "The access token is not valid yet (nbf).";

	private static final List<String> REQUIRED_CLAIMS = List.of(JwtClaimNames.SUB, "client_id", JwtClaimNames.IAT,
			JwtClaimNames.JTI);

	private AccessTokenValidators() {
	}

	static OAuth2TokenValidator<Jwt> create(String issuer, String audience, Clock clock) {
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		validators.add(described(new JwtIssuerValidator(issuer), "The access token was not issued by " + issuer + "."));
		validators.add(described(new JwtAudienceValidator(audience),
				"The access token is not meant for this gateway: its aud does not name '" + audience + "'."));
		validators.add(described(
				new JwtClaimValidator<Instant>(JwtClaimNames.EXP,
						(exp) -> exp != null && clock.instant().isBefore(exp.plus(CLOCK_SKEW))),
				"The access token has expired."));
		validators.add(described(new JwtClaimValidator<Instant>(JwtClaimNames.NBF,
				(nbf) -> nbf == null || !clock.instant().isBefore(nbf.minus(CLOCK_SKEW))), NOT_YET_VALID));
		for (String claim : REQUIRED_CLAIMS) {
			validators.add(described(new JwtClaimValidator<>(claim, Objects::nonNull),
					"The access token has no " + claim + " claim, which RFC 9068 requires."));
		}
		return new DelegatingOAuth2TokenValidator<>(validators);
	}

	private static OAuth2TokenValidator<Jwt> described(OAuth2TokenValidator<Jwt> validator, String description) {
		OAuth2TokenValidatorResult failure = OAuth2TokenValidatorResult
			.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
		return (jwt) -> validator.validate(jwt).hasErrors() ? failure : OAuth2TokenValidatorResult.success();
	}

}
