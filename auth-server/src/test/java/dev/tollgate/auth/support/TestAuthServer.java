package dev.tollgate.auth.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import dev.tollgate.auth.AuthServerApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real auth-server, listening on a free port, on a database of its own. Tests talk to
 * it over HTTP only; {@link #bean(Class)} is there to arrange test data (a client of a
 * kind the demo data lacks), never to assert.
 */
public final class TestAuthServer implements AutoCloseable {

	private static TestAuthServer shared;

	private final TestDatabase.Database database;

	private final String encryptionKey;

	private final int port;

	private final Map<String, Object> settings;

	private ConfigurableApplicationContext context;

	private TestAuthServer(TestDatabase.Database database, String encryptionKey, int port,
			Map<String, Object> settings) {
		this.database = database;
		this.encryptionKey = encryptionKey;
		this.port = port;
		this.settings = Map.copyOf(settings);
	}

	/** One server for every test class that only reads and adds state of its own. */
	public static synchronized TestAuthServer shared() {
		if (shared == null) {
			shared = start(TestDatabase.newDatabase());
			Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
		}
		return shared;
	}

	/** A new server on the given database, with a key-encryption key generated for it. */
	public static TestAuthServer start(TestDatabase.Database database) {
		return start(database, newEncryptionKey());
	}

	/** A new server on the given database with the given key-encryption key (base64). */
	public static TestAuthServer start(TestDatabase.Database database, String encryptionKey) {
		return start(database, encryptionKey, Map.of());
	}

	/**
	 * A new server on the given database with settings of its own, such as
	 * {@code tollgate.tokens.cleanup-interval}, on top of application.yaml.
	 */
	public static TestAuthServer start(TestDatabase.Database database, Map<String, Object> settings) {
		return start(database, newEncryptionKey(), settings);
	}

	/**
	 * A new server with settings of its own; a second instance on the same database needs
	 * the first one's key-encryption key.
	 */
	public static TestAuthServer start(TestDatabase.Database database, String encryptionKey,
			Map<String, Object> settings) {
		TestAuthServer server = new TestAuthServer(database, encryptionKey, freePort(), settings);
		server.restart();
		return server;
	}

	/** A random key-encryption key, made for one test run and never stored. */
	public static String newEncryptionKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

	/**
	 * Starts the server again (same port, database and encryption key) after
	 * {@link #close()}.
	 */
	public TestAuthServer restart() {
		Map<String, Object> properties = new HashMap<>();
		properties.put("server.port", this.port);
		properties.put("tollgate.issuer", baseUrl());
		properties.put("tollgate.keys.encryption-key", this.encryptionKey);
		properties.put("spring.datasource.url", this.database.url());
		properties.put("spring.datasource.username", this.database.username());
		properties.put("spring.datasource.password", this.database.password());
		properties.put("spring.main.banner-mode", "off");
		properties.putAll(this.settings);
		// As command-line arguments, which take precedence over application.yaml.
		String[] args = properties.entrySet()
			.stream()
			.map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
		this.context = new SpringApplicationBuilder(AuthServerApplication.class).run(args);
		return this;
	}

	public String baseUrl() {
		return "http://localhost:" + this.port;
	}

	public TestDatabase.Database database() {
		return this.database;
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		if (this.context != null) {
			this.context.close();
			this.context = null;
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
