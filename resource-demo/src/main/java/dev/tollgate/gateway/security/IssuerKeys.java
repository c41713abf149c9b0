package dev.tollgate.gateway.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuer's signing keys, fetched from the {@code jwks_uri} of its discovery document
 * (OpenID Connect Discovery §3, RFC 8414 §2), or from {@code <issuer>/oauth2/jwks} when
 * discovery does not answer.
 * <p>
 * The keys are used for {@code jwksCacheTtl} and then fetched again. A token whose
 * {@code kid} is unknown triggers a fetch too, since the issuer may just have rotated in
 * a new key, but never more than one fetch per {@code jwksRefreshInterval}, however many
 * such tokens arrive. When a fetch fails, the keys already held stay in use: a down
 * issuer does not stop the gateway from verifying tokens. NOTE: the fetch runs in the
 * request that finds the keys stale, so that request (one per interval) waits for it, up
 * to 7 s.
 */
final class IssuerKeys implements JWKSource<SecurityContext> {

	private static final Logger logger = LoggerFactory.getLogger(IssuerKeys.class);

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

	private final String issuer;

	private final Duration cacheTtl;

	private final Duration refreshInterval;

	private final Clock clock;

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(CONNECT_TIMEOUT)
		.version(HttpClient.Version.HTTP_1_1)
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final ReentrantLock lock = new ReentrantLock();

	private volatile Fetched fetched;

	/** Guarded by {@link #lock}. */
	private Instant lastAttempt;

	/** Guarded by {@link #lock}; {@code null} until discovery has answered. */
	private URI jwksUri;

	IssuerKeys(String issuer, Duration cacheTtl, Duration refreshInterval, Clock clock) {
		this.issuer = issuer;
		this.cacheTtl = cacheTtl;
		this.refreshInterval = refreshInterval;
		this.clock = clock;
	}

	@Override
	public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
		Fetched current = this.fetched;
		if (current == null || current.olderThan(this.cacheTtl, this.clock.instant())) {
			current = refresh(current);
		}
		List<JWK> matches = selector.select(current.keys());
		if (matches.isEmpty()) {
			// An unknown kid may be a key the issuer has just started signing with.
			current = refresh(current);
			matches = selector.select(current.keys());
		}
		return matches;
	}

	/** Whether the keys held now include {@code kid}; never fetches. */
	boolean contains(String kid) {
		Fetched current = this.fetched;
		return kid != null && current != null && current.keys().getKeyByKeyId(kid) != null;
	}

	/**
	 * Fetches the keys unless another thread has just done it or the last attempt is more
	 * recent than the refresh interval; returns the keys to use either way.
	 */
	private Fetched refresh(Fetched seen) throws KeySourceException {
		this.lock.lock();
		try {
			Fetched current = this.fetched;
			if (current != seen) {
				return current;
			}
			Instant now = this.clock.instant();
			if (this.lastAttempt != null && now.isBefore(this.lastAttempt.plus(this.refreshInterval))) {
				return requireKeys(current);
			}
			this.lastAttempt = now;
			return fetch(current, now);
		}
		finally {
			this.lock.unlock();
		}
	}

	private Fetched fetch(Fetched current, Instant now) throws KeySourceException {
		URI uri = jwksUri();
		try {
			JWKSet keys = JWKSet.parse(get(uri));
			this.fetched = new Fetched(keys, now);
			logger.info("Fetched the issuer's JWKS from {}: {} keys {}", uri, keys.size(), kids(keys));
			return this.fetched;
		}
		catch (IOException | ParseException ex) {
			if (current != null) {
				logger.warn("Could not fetch the issuer's JWKS from {} ({}); keeping the {} keys held", uri,
						describe(ex), current.keys().size());
			}
			else {
				logger.warn("Could not fetch the issuer's JWKS from {}: {}", uri, describe(ex));
			}
			return requireKeys(current);
		}
	}

	private URI jwksUri() {
		if (this.jwksUri != null) {
			return this.jwksUri;
		}
		URI fallback = URI.create(this.issuer + "/oauth2/jwks");
		URI discovery = URI.create(this.issuer + "/.well-known/openid-configuration");
		try {
			Map<String, Object> metadata = JSONObjectUtils.parse(get(discovery));
			String issuer = JSONObjectUtils.getString(metadata, "issuer");
			String jwksUri = JSONObjectUtils.getString(metadata, "jwks_uri");
			if (this.issuer.equals(issuer) && jwksUri != null) {
				this.jwksUri = URI.create(jwksUri);
				return this.jwksUri;
			}
			// OpenID Connect Discovery §4.3: a document of another issuer is not used.
			logger.warn("The discovery document at {} names issuer {}; using {}", discovery, issuer, fallback);
		}
		catch (IOException | ParseException | IllegalArgumentException ex) {
			logger.debug("No discovery document at {} ({}); using {}", discovery, describe(ex), fallback);
		}
		return fallback;
	}

	private String get(URI uri) throws IOException {
		HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build();
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IOException("HTTP " + response.statusCode());
			}
			return response.body();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted", ex);
		}
	}

	private Fetched requireKeys(Fetched current) throws KeySourceException {
		if (current == null) {
			throw new KeySourceException("The issuer's JWKS could not be fetched");
		}
		return current;
	}

	/** A refused connection has no message, only its class. */
	private static String describe(Exception ex) {
		return (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
	}

	private static List<String> kids(JWKSet keys) {
		return keys.getKeys().stream().map(JWK::getKeyID).toList();
	}

	private record Fetched(JWKSet keys, Instant at) {

		boolean olderThan(Duration ttl, Instant now) {
			return !now.isBefore(this.at.plus(ttl));
		}

	}

}
