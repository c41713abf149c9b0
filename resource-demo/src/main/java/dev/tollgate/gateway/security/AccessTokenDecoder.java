package dev.tollgate.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.util.Base64;
import java.util.Set;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jose.proc.BadJOSEException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Decodes a bearer access token (RFC 9068): refuses cheaply what is not a signed
 * {@code at+jwt} of an allowed algorithm, returns a token verified before when it is
 * still valid and its key still published, refuses at once a signed token refused before
 * for a claim that stays wrong ({@link RefusedTokens}), and otherwise has the Nimbus
 * decoder verify the signature against the issuer's JWKS and the claims with
 * {@link AccessTokenValidators}.
 * <p>
 * A key that leaves the JWKS stops cached tokens as soon as the JWKS is fetched again,
 * and a token whose {@code jti} or {@code kid} the issuer's revocation feed has listed
 * ({@link RevocationList}) is refused, cached or not. NOTE: a revocation takes effect
 * here only at the next poll of the feed, up to
 * {@code tollgate.gateway.revocation-poll-interval} later.
 */
final class AccessTokenDecoder implements JwtDecoder {

	static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

	private static final Set<String> TYPES = Set.of("at+jwt", "application/at+jwt");

	private static final Logger logger = LoggerFactory.getLogger(AccessTokenDecoder.class);

	/**
	 * One digest per request thread: looking SHA-256 up among the security providers on
	 * every request cost a third of the hashing. {@code digest} resets it after each use.
	 */
	private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(AccessTokenDecoder::newSha256);

	private final JwtDecoder verifier;

	private final IssuerKeys keys;

	private final VerifiedTokens verified;

	private final RefusedTokens refused;

	private final RevocationList revocations;

	private final Clock clock;

	private final Counter verifications;

	private final Counter cacheHits;

	private final Counter refusalHits;

	AccessTokenDecoder(JwtDecoder verifier, IssuerKeys keys, VerifiedTokens verified, RefusedTokens refused,
			RevocationList revocations, Clock clock, MeterRegistry meters) {
		this.verifier = verifier;
		this.keys = keys;
		this.verified = verified;
		this.refused = refused;
		this.revocations = revocations;
		this.clock = clock;
		this.verifications = Counter.builder("tollgate.gateway.token.verifications")
			.description("Access tokens whose signature was verified")
			.register(meters);
		this.cacheHits = Counter.builder("tollgate.gateway.token.cache.hits")
			.description("Access tokens accepted from the cache of verified tokens")
			.register(meters);
		this.refusalHits = Counter.builder("tollgate.gateway.token.refusal.cache.hits")
			.description("Access tokens refused from the cache of tokens refused for good")
			.register(meters);
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		String hash = sha256(token);
		Jwt known = this.verified.get(hash, this.clock.instant());
		if (known != null && this.keys.contains((String) known.getHeaders().get("kid"))) {
			this.cacheHits.increment();
			return notRevoked(known);
		}
		String refusal = this.refused.get(hash);
		if (refusal != null) {
			this.refusalHits.increment();
			throw new InvalidAccessTokenException(refusal);
		}

		checkHeader(token);
		Jwt jwt = verify(token, hash);
		this.verified.put(hash, jwt, this.clock.instant());
		return notRevoked(jwt);
	}

	private Jwt notRevoked(Jwt jwt) {
		if (this.revocations.isTokenRevoked(jwt)) {
			logger.debug("Refused an access token of client {}: its jti is revoked", jwt.getClaimAsString("client_id"));
			throw new InvalidAccessTokenException("The access token was revoked.");
		}
		if (this.revocations.isKeyRevoked(jwt)) {
			logger.debug("Refused an access token of client {}: its signing key is revoked",
					jwt.getClaimAsString("client_id"));
			throw new InvalidAccessTokenException("The access token was revoked: its signing key was revoked.");
		}
		return jwt;
	}

	private void checkHeader(String token) {
		JWT parsed;
		try {
			parsed = JWTParser.parse(token);
		}
		catch (ParseException ex) {
			throw new InvalidAccessTokenException("The access token is not a well-formed JWT.");
		}
		if (parsed instanceof PlainJWT) {
			throw new InvalidAccessTokenException(
					"The access token is unsigned (alg none); only RS256 and ES256 signatures are accepted.");
		}
		if (!(parsed instanceof SignedJWT signed)) {
			throw new InvalidAccessTokenException("The access token is encrypted; only signed JWTs are accepted.");
		}
		JWSHeader header = signed.getHeader();
		if (!ALGORITHMS.contains(header.getAlgorithm())) {
			throw new InvalidAccessTokenException(
					"The access token's algorithm is not accepted: only RS256 and ES256 signatures are.");
		}
		JOSEObjectType type = header.getType();
		if (type == null || !TYPES.contains(type.getType().toLowerCase())) {
			throw new InvalidAccessTokenException("The access token's typ is not at+jwt (RFC 9068).");
		}
	}

	private Jwt verify(String token, String hash) {
		try {
			Jwt jwt = this.verifier.decode(token);
			this.verifications.increment();
			return jwt;
		}
		catch (JwtValidationException ex) {
			// The signature verified; only the claims failed.
			this.verifications.increment();
			String description = ex.getErrors().iterator().next().getDescription();
			logger.debug("Refused an access token: {}", description);
			boolean notYetValid = ex.getErrors()
				.stream()
				.anyMatch((error) -> AccessTokenValidators.NOT_YET_VALID.equals(error.getDescription()));
			if (!notYetValid) {
				this.refused.put(hash, description);
			}
			throw new InvalidAccessTokenException(description, ex);
		}
		catch (BadJwtException ex) {
			logger.debug("Refused an access token: {}", ex.getMessage());
			if (ex.getCause() instanceof BadJOSEException) {
				throw new InvalidAccessTokenException(
						"The access token's signature does not verify with any key in the issuer's JWKS.", ex);
			}
			throw new InvalidAccessTokenException("The access token's claims are malformed.", ex);
		}
	}

	private static String sha256(String token) {
		byte[] digest = SHA_256.get().digest(token.getBytes(StandardCharsets.US_ASCII));
		return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
	}

	private static MessageDigest newSha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JDK has SHA-256", ex);
		}
	}

}
