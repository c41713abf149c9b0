package dev.tollgate.gateway.security;

import org.springframework.security.oauth2.jwt.BadJwtException;

/**
 * A token refused for a reason the caller may read: its message is the public description
 * that the 401 answer carries, free of token content.
 */
class InvalidAccessTokenException extends BadJwtException {

	InvalidAccessTokenException(String message) {
		super(message);
	}

	InvalidAccessTokenException(String message, Throwable cause) {
		super(message, cause);
	}

}
