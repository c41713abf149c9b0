package dev.tollgate.gateway.security;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * What the issuer's revocation feed has listed: revoked access tokens by {@code jti},
 * each until its {@code exp} (a token past it is refused anyway), and revoked signing
 * keys by {@code kid}, for as long as the gateway runs.
 */
final class RevocationList {

	private final Map<String, Instant> tokens = new ConcurrentHashMap<>();

	private final Set<String> keys = ConcurrentHashMap.newKeySet();

	void revokeToken(String jti, Instant expiresAt) {
		this.tokens.put(jti, expiresAt);
	}

	void revokeKey(String kid) {
		this.keys.add(kid);
	}

	/** Forgets the tokens that have expired. */
	void prune(Instant now) {
		this.tokens.values().removeIf((expiresAt) -> !now.isBefore(expiresAt));
	}

	boolean isTokenRevoked(Jwt jwt) {
		return jwt.getId() != null && this.tokens.containsKey(jwt.getId());
	}

	boolean isKeyRevoked(Jwt jwt) {
		Object kid = jwt.getHeaders().get("kid");
		return kid != null && this.keys.contains(kid.toString());
	}

	int tokenCount() {
		return this.tokens.size();
	}

	int keyCount() {
		return this.keys.size();
	}

}
