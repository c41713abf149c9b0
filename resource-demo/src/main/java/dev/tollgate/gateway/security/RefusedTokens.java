package dev.tollgate.gateway.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed tokens refused for a claim that can never become acceptable, by the SHA-256 of
 * their value: expired, another issuer, another audience, a required claim missing. A
 * client that retries with such a token would otherwise cost a signature verification on
 * every call (an ES256 verify is about 1 ms). Only tokens whose signature verified get
 * here, so only the issuer's own tokens can fill it. A token not valid yet ({@code nbf})
 * or whose signature did not verify is never remembered: the first becomes valid with
 * time, the second may verify once the JWKS holds a new key. Bounded: when full, it
 * starts again empty.
 */
final class RefusedTokens {

	private final int capacity;

	private final Map<String, String> refusals = new ConcurrentHashMap<>();

	RefusedTokens(int capacity) {
		this.capacity = capacity;
	}

	/** Why the token of that hash was refused, or {@code null} if it was not. */
	String get(String hash) {
		return this.refusals.get(hash);
	}

	void put(String hash, String description) {
		if (this.capacity <= 0) {
			return;
		}
		if (this.refusals.size() >= this.capacity) {
			this.refusals.clear();
		}
		this.refusals.put(hash, description);
	}

}
