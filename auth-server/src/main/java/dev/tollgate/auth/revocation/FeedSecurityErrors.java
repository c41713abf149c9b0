package dev.tollgate.auth.revocation;

import dev.tollgate.auth.web.BearerTokenErrors;

/**
 * Refusals at the revocation feed as RFC 6750 section 3 bearer-token errors, with an RFC
 * 6749 JSON body like the other {@code /oauth2} endpoints: 401 {@code invalid_token}
 * without a valid token, 403 {@code insufficient_scope} without {@code revocations.read}.
 */
public final class FeedSecurityErrors extends BearerTokenErrors {

	/** The scope a client needs to read the feed. */
	public static final String SCOPE = "revocations.read";

	public FeedSecurityErrors() {
		super("revocation feed", SCOPE, null);
	}

}
