package dev.tollgate.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

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
 * rotate in a new key.
 */
public final class StubIssuer implements AutoCloseable {

	private static StubIssuer shared;

	private final int port = TestDatabase.freePort();

	private final List<RSAKey> keys = new CopyOnWriteArrayList<>();

	private final ECKey ecKey = newEcKey();

	private final AtomicInteger jwksFetches = new AtomicInteger();

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
		this.server.start();
	}

	public void stop() {
		this.server.stop(0);
	}

	@Override
	public void close() {
		stop();
	}

	private static void json(HttpExchange exchange, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, bytes.length);
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
