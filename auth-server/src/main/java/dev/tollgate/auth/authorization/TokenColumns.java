package dev.tollgate.auth.authorization;

import java.time.Instant;

import jakarta.persistence.Embeddable;

/**
 * The columns every token kind of an authorization has: the hash of its value, its
 * lifetime and its metadata (claims, invalidation) as JSON.
 */
@Embeddable
class TokenColumns {

	String hash;

	Instant issuedAt;

	Instant expiresAt;

	String metadata;

	TokenColumns() {
	}

	TokenColumns(String hash, Instant issuedAt, Instant expiresAt, String metadata) {
		this.hash = hash;
		this.issuedAt = issuedAt;
		this.expiresAt = expiresAt;
		this.metadata = metadata;
	}

}
