package dev.tollgate.auth.revocation;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tollgate.auth.web.OAuth2ErrorResponses;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /oauth2/revocations?since=<epoch seconds>}, the revocation feed of DESIGN.md
 * for resource servers that verify access tokens locally: the {@code jti} and {@code exp}
 * of every access token revoked at or after {@code since} and not yet expired, the
 * {@code kid}s of the signing keys revoked at or after {@code since}, and {@code now},
 * the server's time, for the next {@code since}.
 * <p>
 * The filter chain lets in only a bearer token with scope {@code revocations.read}. NOTE:
 * {@code revoked_keys} lists the keys revoked at or after {@code since}, not every
 * revoked key whose tokens could still be alive: a poller starts at {@code since=0} and
 * keeps what it has seen.
 */
@RestController
class RevocationFeedController {

	/** 9999-12-31T23:59:59Z: later {@code since} values are taken as malformed. */
	private static final long LATEST_SINCE = 253402300799L;

	private final RevokedAccessTokens revokedTokens;

	RevocationFeedController(RevokedAccessTokens revokedTokens) {
		this.revokedTokens = revokedTokens;
	}

	@GetMapping("/oauth2/revocations")
	ResponseEntity<Map<String, Object>> revocations(@RequestParam(name = "since", required = false) String since,
			HttpServletResponse response) throws IOException {
		Long sinceSeconds = parse(since);
		if (sinceSeconds == null) {
			OAuth2ErrorResponses.write(response, HttpStatus.BAD_REQUEST, "invalid_request",
					"The since parameter is required: a non-negative number of seconds since the epoch.");
			return null;
		}

		Instant now = Instant.now();
		Instant from = Instant.ofEpochSecond(sinceSeconds);
		List<Map<String, Object>> tokens = this.revokedTokens.revokedSince(from, now)
			.stream()
			.map((token) -> Map.<String, Object>of("jti", token.jti(), "exp", token.expiresAt().getEpochSecond()))
			.toList();
		List<String> keys = this.revokedTokens.keysRevokedSince(from);

		Map<String, Object> body = new LinkedHashMap<>();
		body.put("revoked_tokens", tokens);
		body.put("revoked_keys", keys);
		body.put("now", now.getEpochSecond());
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
	}

	private static Long parse(String since) {
		if (since == null || since.isEmpty() || since.length() > 12 || !since.chars().allMatch(Character::isDigit)) {
			return null;
		}
		long value = Long.parseLong(since);
		return (value <= LATEST_SINCE) ? value : null;
	}

}
