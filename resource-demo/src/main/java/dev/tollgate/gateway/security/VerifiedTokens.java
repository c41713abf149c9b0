package dev.tollgate.gateway.security;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Tokens already verified, by the SHA-256 of their value, until they expire: verifying a
 * signature costs far more than a lookup (an ES256 verify is about 1 ms), and a client
 * sends the same token with every call. Bounded: when full of live tokens, new ones are
 * verified every time rather than remembered.
 */
final class VerifiedTokens {

	private final int capacity;

	private final Map<String, Jwt> tokens = new ConcurrentHashMap<>();

	VerifiedTokens(int capacity) {
		this.capacity = capacity;
	}

	/** The verified token of that hash, or {@code null} if unknown or expired. */
	Jwt get(String hash, Instant now) {
		Jwt jwt = this.tokens.get(hash);
		if (jwt == null) {
			return null;
		}
		if (!now.isBefore(jwt.getExpiresAt())) {
			this.tokens.remove(hash, jwt);
			return null;
		}
		return jwt;
	}

	void put(String hash, Jwt jwt, Instant now) {
		if (this.capacity <= 0 || jwt.getExpiresAt() == null) {
			return;
		}
		if (this.tokens.size() >= this.capacity) {
			this.tokens.values().removeIf((held) -> !now.isBefore(held.getExpiresAt()));
			if (this.tokens.size() >= this.capacity) {
				return;
			}
		}
		this.tokens.put(hash, jwt);
	}

}
