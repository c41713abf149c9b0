package dev.tollgate.auth.token;

import java.time.Duration;
import java.time.Instant;

import dev.tollgate.auth.config.TollgateProperties;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.stereotype.Component;

/**
 * The lifetime and reuse rules of a client's refresh tokens (OAuth 2.1 section 4.3.1).
 * <ul>
 * <li>Absolute lifetime: a chain of rotated refresh tokens ends its client's
 * refresh-token TTL after the first one was issued; rotation does not move that end.</li>
 * <li>Idle timeout: a refresh token not used for this long expires.</li>
 * <li>Reuse overlap: for this long after a rotation, the previous refresh token is
 * accepted once more (see {@code RefreshTokenRotation}).</li>
 * </ul>
 * A client carries its own idle timeout and overlap as custom {@code TokenSettings};
 * without them the {@code tollgate.tokens.*} defaults apply.
 */
@Component
public class RefreshTokenPolicy {

	/** A client's idle timeout, a {@link Duration}, in its {@code TokenSettings}. */
	public static final String IDLE_TIMEOUT_SETTING = "settings.token.tollgate.refresh-token-idle-timeout";

	/** A client's reuse overlap, a {@link Duration}, in its {@code TokenSettings}. */
	public static final String REUSE_OVERLAP_SETTING = "settings.token.tollgate.refresh-token-reuse-overlap";

	/**
	 * The attribute of an {@link OAuth2Authorization} that holds, as an {@link Instant},
	 * when its first refresh token was issued. The authorization service keeps it in a
	 * column of its own.
	 */
	public static final String CHAIN_ISSUED_AT_ATTRIBUTE = "tollgate.refresh_token_chain_issued_at";

	private final TollgateProperties.Tokens defaults;

	RefreshTokenPolicy(TollgateProperties properties) {
		this.defaults = properties.tokens();
	}

	public Duration idleTimeout(RegisteredClient client) {
		Duration own = client.getTokenSettings().getSetting(IDLE_TIMEOUT_SETTING);
		return (own != null) ? own : this.defaults.refreshTokenIdleTimeout();
	}

	public Duration reuseOverlap(RegisteredClient client) {
		Duration own = client.getTokenSettings().getSetting(REUSE_OVERLAP_SETTING);
		return (own != null) ? own : this.defaults.refreshTokenReuseOverlap();
	}

	/**
	 * When the authorization's chain of refresh tokens ends. An authorization without a
	 * refresh token yet starts its chain at {@code now}.
	 */
	public Instant chainExpiresAt(RegisteredClient client, OAuth2Authorization authorization, Instant now) {
		Instant chainIssuedAt = (authorization != null) ? authorization.getAttribute(CHAIN_ISSUED_AT_ATTRIBUTE) : null;
		Instant start = (chainIssuedAt != null) ? chainIssuedAt : now;
		return start.plus(client.getTokenSettings().getRefreshTokenTimeToLive());
	}

	/**
	 * The expiry of a refresh token issued at {@code issuedAt}: the end of its idle
	 * timeout, or the end of the chain if that comes first.
	 */
	public Instant expiresAt(RegisteredClient client, OAuth2Authorization authorization, Instant issuedAt) {
		Instant idleExpiresAt = issuedAt.plus(idleTimeout(client));
		Instant chainExpiresAt = chainExpiresAt(client, authorization, issuedAt);
		return idleExpiresAt.isBefore(chainExpiresAt) ? idleExpiresAt : chainExpiresAt;
	}

}
