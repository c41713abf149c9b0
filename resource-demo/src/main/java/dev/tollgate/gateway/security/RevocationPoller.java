package dev.tollgate.gateway.security;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Polls the issuer's revocation feed ({@code GET /oauth2/revocations?since=}, DESIGN.md)
 * every {@code tollgate.gateway.revocation-poll-interval} into a {@link RevocationList}.
 * It authenticates with an access token of its own client (client credentials, scope
 * {@code revocations.read}, RFC 6749 section 4.4), kept until shortly before it expires.
 * Each poll asks from the issuer's {@code now} of the last one minus an overlap, so that
 * a revocation committed while a poll ran is not missed; the first asks from 0.
 * <p>
 * A poll that fails keeps what is known and tries again at the next interval: one warning
 * per run of failures, naming the URL and the reason, never the secret or token.
 */
final class RevocationPoller implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(RevocationPoller.class);

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

	/** Seconds asked again of each poll: the feed's clock has whole seconds. */
	static final long OVERLAP_SECONDS = 5;

	/** A token this close to its expiry is replaced before use. */
	private static final Duration TOKEN_RENEWAL_MARGIN = Duration.ofSeconds(30);

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(REQUEST_TIMEOUT)
		.version(HttpClient.Version.HTTP_1_1)
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final URI tokenEndpoint;

	private final String feed;

	private final String clientAuthentication;

	private final Duration interval;

	private final RevocationList revocations;

	private final Clock clock;

	private ScheduledExecutorService executor;

	private volatile String accessToken;

	private volatile Instant accessTokenExpiresAt = Instant.MIN;

	private volatile Long lastNow;

	private volatile boolean failing;

	/** {@code clientSecret} is {@code null} under profile {@code prod} when not set. */
	RevocationPoller(String issuerBase, String clientId, String clientSecret, Duration interval,
			RevocationList revocations, Clock clock) {
		this.tokenEndpoint = URI.create(issuerBase + "/oauth2/token");
		this.feed = issuerBase + "/oauth2/revocations";
		this.clientAuthentication = (clientSecret != null)
				? "Basic " + Base64.getEncoder()
					.encodeToString((encode(clientId) + ":" + encode(clientSecret)).getBytes(StandardCharsets.UTF_8))
				: null;
		this.interval = interval;
		this.revocations = revocations;
		this.clock = clock;
	}

	@Override
	public synchronized void start() {
		if (this.clientAuthentication == null) {
			throw new IllegalStateException("Profile 'prod' needs the gateway's client secret for the revocation feed:"
					+ " set TOLLGATE_GATEWAY_CLIENT_SECRET (tollgate.gateway.client-secret)");
		}
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "revocation-poller");
			thread.setDaemon(true);
			return thread;
		});
		this.executor.scheduleWithFixedDelay(this::poll, 0, this.interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

	/** One poll; never throws, so that the schedule goes on. */
	void poll() {
		try {
			pollFeed();
			if (this.failing) {
				logger.info("Polled the revocation feed at {} again", this.feed);
			}
			this.failing = false;
		}
		catch (IOException | ParseException | RuntimeException ex) {
			if (!this.failing) {
				logger.warn("Could not poll the revocation feed at {} ({}); keeping the {} tokens and {} keys known",
						this.feed, describe(ex), this.revocations.tokenCount(), this.revocations.keyCount());
			}
			else {
				logger.debug("Could not poll the revocation feed at {} ({})", this.feed, describe(ex));
			}
			this.failing = true;
		}
	}

	private void pollFeed() throws IOException, ParseException {
		long since = (this.lastNow != null) ? Math.max(0, this.lastNow - OVERLAP_SECONDS) : 0;
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.feed + "?since=" + since))
			.timeout(REQUEST_TIMEOUT)
			.header("Authorization", "Bearer " + accessToken())
			.header("Accept", "application/json")
			.GET()
			.build();
		HttpResponse<String> response = send(request);
		if (response.statusCode() == 401) {
			// Revoked or expired early: the next poll asks for a new one.
			this.accessToken = null;
		}
		if (response.statusCode() != 200) {
			throw new IOException("HTTP " + response.statusCode());
		}

		Map<String, Object> body = JSONObjectUtils.parse(response.body());
		for (Object item : JSONObjectUtils.getJSONArray(body, "revoked_tokens")) {
			if (item instanceof Map<?, ?> token && token.get("jti") instanceof String jti
					&& token.get("exp") instanceof Number exp) {
				this.revocations.revokeToken(jti, Instant.ofEpochSecond(exp.longValue()));
			}
		}
		List<String> kids = JSONObjectUtils.getStringList(body, "revoked_keys");
		if (kids != null) {
			kids.forEach(this.revocations::revokeKey);
		}
		this.revocations.prune(this.clock.instant());
		this.lastNow = JSONObjectUtils.getLong(body, "now");
	}

	private String accessToken() throws IOException, ParseException {
		String token = this.accessToken;
		Instant now = this.clock.instant();
		if (token != null && now.isBefore(this.accessTokenExpiresAt.minus(TOKEN_RENEWAL_MARGIN))) {
			return token;
		}
		HttpRequest request = HttpRequest.newBuilder(this.tokenEndpoint)
			.timeout(REQUEST_TIMEOUT)
			.header("Authorization", this.clientAuthentication)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=revocations.read"))
			.build();
		HttpResponse<String> response = send(request);
		if (response.statusCode() != 200) {
			// The error code is safe to log; the body could echo what was sent.
			throw new IOException("token endpoint answered HTTP " + response.statusCode());
		}
		Map<String, Object> body;
		try {
			body = JSONObjectUtils.parse(response.body());
		}
		catch (ParseException ex) {
			// Not the parser's message: it could quote the token.
			throw new IOException("token endpoint answered malformed JSON");
		}
		token = JSONObjectUtils.getString(body, "access_token");
		if (token == null) {
			throw new IOException("token endpoint answered without an access_token");
		}
		long expiresIn = body.containsKey("expires_in") ? JSONObjectUtils.getLong(body, "expires_in") : 60;
		this.accessToken = token;
		this.accessTokenExpiresAt = now.plusSeconds(expiresIn);
		return token;
	}

	private HttpResponse<String> send(HttpRequest request) throws IOException {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted", ex);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/** A refused connection has no message, only its class. */
	private static String describe(Exception ex) {
		return (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
	}

}
