package dev.tollgate.auth.ratelimit;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Applies the lock-out and the rate limits to the client-authenticated protocol endpoints
 * (token, introspection, revocation, device authorization, pushed authorization request),
 * before client authentication costs anything: first a locked client id, then the remote
 * address's bucket, then the client id's.
 */
final class ProtocolRateLimitFilter extends OncePerRequestFilter {

	static final Set<String> ENDPOINTS = Set.of("/oauth2/token", "/oauth2/introspect", "/oauth2/revoke",
			"/oauth2/device_authorization", "/oauth2/par");

	private static final Logger logger = LoggerFactory.getLogger(ProtocolRateLimitFilter.class);

	private final RateLimits limits;

	private final ClientLockouts lockouts;

	ProtocolRateLimitFilter(RateLimits limits, ClientLockouts lockouts) {
		this.limits = limits;
		this.lockouts = lockouts;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.limits.enabled() || !ENDPOINTS.contains(request.getRequestURI());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ClaimedClient client = ClaimedClient.of(request);
		if (client != null) {
			Duration locked = this.lockouts.lockedFor(client.clientId());
			if (!locked.isZero()) {
				logger.debug("Refused {} for client_id {}: locked out", request.getRequestURI(), client.clientId());
				RateLimits.refuse(response, locked,
						"Too many failed client authentications: this client id is locked out");
				return;
			}
		}

		Duration wait = this.limits.protocolByAddress(request.getRemoteAddr());
		if (!wait.isZero()) {
			logger.debug("Refused {} from {}: rate limit per address", request.getRequestURI(),
					request.getRemoteAddr());
			RateLimits.refuse(response, wait, "Too many requests from this address");
			return;
		}
		if (client != null) {
			wait = this.limits.protocolByClient(client.clientId());
			if (!wait.isZero()) {
				logger.debug("Refused {} for client_id {}: rate limit per client", request.getRequestURI(),
						client.clientId());
				RateLimits.refuse(response, wait, "Too many requests from this client");
				return;
			}
		}
		chain.doFilter(request, response);
	}

}
