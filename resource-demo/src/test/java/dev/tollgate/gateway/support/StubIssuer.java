package dev.tollgate.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for Tollgate's auth-server, as the gateway sees it: a discovery document and
 * a JWKS over real HTTP, and access tokens signed with an RSA key generated for this run.
 * It counts the JWKS fetches, can be stopped and started again on the same port, and can
 * rotate in a new key. It also has a token endpoint for the gateway's own client
 * ({@code demo-gateway}, client credentials) and a revocation feed, whose revoked
 * {@code jti}s and {@code kid}s a test adds.
 */
public final class StubIssuer implements AutoCloseable {

	private static StubIssuer shared;

	private final int port = TestDatabase.freePort();

	private final List<RSAKey> keys = new CopyOnWriteArrayList<>();

	private final ECKey ecKey = newEcKey();

	private final AtomicInteger jwksFetches = new AtomicInteger();

	private final Map<String, Long> revokedTokens = new ConcurrentHashMap<>();

	private final Set<String> revokedKeys = ConcurrentHashMap.newKeySet();

	private final AtomicInteger feedRequests = new AtomicInteger();

	private volatile String feedToken = "stub-feed-token-" + UUID.randomUUID();

	private HttpServer server;

	private StubIssuer() {
		this.keys.add(newKey());
		listen();
	}

	/** One issuer for every test class that does not stop it or change its keys. */
	public static synchronized StubIssuer shared() {
		if (shared == null) {
			shared = new StubIssuer();
		}
		return shared;
	}

	/** An issuer of the test's own, to stop or to rotate keys in. */
	public static StubIssuer startNew() {
		return new StubIssuer();
	}

	public String url() {
		return "http://localhost:" + this.port;
	}

	/** The key tokens are signed with: the newest one. */
	public RSAKey signingKey() {
		return this.keys.get(this.keys.size() - 1);
	}

	/** The P-256 key the issuer also publishes, for ES256 tokens. */
	public ECKey ecKey() {
		return this.ecKey;
	}

	/**
	 * A token of this issuer for the client, with DESIGN.md's claims and a basic policy.
	 */
	public AccessTokens.Builder token(String clientId) {
		return AccessTokens.builder(this, clientId);
	}

	/** Lists the token in the revocation feed from now on. */
	public void revokeToken(String jti, Instant expiresAt) {
		this.revokedTokens.put(jti, expiresAt.getEpochSecond());
	}

	/** Lists the key in the revocation feed from now on; it stays in the JWKS. */
	public void revokeKey(String kid) {
		this.revokedKeys.add(kid);
	}

	/** Feed requests answered with 200. */
	public int feedRequests() {
		return this.feedRequests.get();
	}

	public int jwksFetches() {
		return this.jwksFetches.get();
	}

	/** Publishes a new key, which signs from now on; the old one stays published. */
	public RSAKey rotate() {
		RSAKey key = newKey();
		this.keys.add(key);
		return key;
	}

	/** A key of the same kind that this issuer never published. */
	public static RSAKey unpublishedKey(String kid) {
		try {
			return new RSAKeyGenerator(2048).keyID(kid).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Serves again, on the same port and with the same keys, after {@link #stop()}. */
	public void listen() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("localhost", this.port), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/.well-known/openid-configuration", (exchange) -> json(exchange,
				"{\"issuer\":\"" + url() + "\",\"jwks_uri\":\"" + url() + "/oauth2/jwks\"}"));
		this.server.createContext("/oauth2/jwks", (exchange) -> {
			this.jwksFetches.incrementAndGet();
			List<JWK> published = new ArrayList<>(this.keys.stream().map(JWK::toPublicJWK).toList());
			published.add(this.ecKey.toPublicJWK());
			json(exchange, new JWKSet(published).toString());
		});
		this.server.createContext("/oauth2/token", this::token);
		this.server.createContext("/oauth2/revocations", this::revocations);
		this.server.start();
	}

	public void stop() {
		this.server.stop(0);
	}

	@Override
	public void close() {
		stop();
	}

	private void token(HttpExchange exchange) throws IOException {
		String expected = "Basic " + Base64.getEncoder()
			.encodeToString("demo-gateway:demo-gateway-secret".getBytes(StandardCharsets.UTF_8));
		if (!"POST".equals(exchange.getRequestMethod())
				|| !expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
			json(exchange, 401, "{\"error\":\"invalid_client\"}");
			return;
		}
		json(exchange, "{\"access_token\":\"" + this.feedToken
				+ "\",\"token_type\":\"Bearer\",\"expires_in\":300,\"scope\":\"revocations.read\"}");
	}

	private void revocations(HttpExchange exchange) throws IOException {
		if (!("Bearer " + this.feedToken).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
			json(exchange, 401, "{\"error\":\"invalid_token\"}");
			return;
		}
		String tokens = this.revokedTokens.entrySet()
			.stream()
			.map((entry) -> "{\"jti\":\"" + entry.getKey() + "\",\"exp\":" + entry.getValue() + "}")
			.collect(Collectors.joining(","));
		String keys = this.revokedKeys.stream().map((kid) -> "\"" + kid + "\"").collect(Collectors.joining(","));
		this.feedRequests.incrementAndGet();
		json(exchange, "{\"revoked_tokens\":[" + tokens + "],\"revoked_keys\":[" + keys + "],\"now\":"
				+ Instant.now().getEpochSecond() + "}");
	}

	private static void json(HttpExchange exchange, String body) throws IOException {
		json(exchange, 200, body);
	}

	private static void json(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	private static RSAKey newKey() {
		return unpublishedKey("stub-" + UUID.randomUUID());
	}

	private static ECKey newEcKey() {
		try {
			return new ECKeyGenerator(Curve.P_256).keyID("stub-ec-" + UUID.randomUUID()).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
