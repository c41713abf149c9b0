package dev.tollgate.deploy.system;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.tollgate.deploy.Application;

/**
 * Starts auth-server and the gateway as a deployment would, but with the demo data:
 * profile {@code local} (the demo clients and user of the README) on an explicit
 * PostgreSQL, never the embedded default, so that several instances can share one
 * database.
 */
final class Launch {

	static final String GATEWAY_CLIENT_ID = "demo-gateway";

	private Launch() {
	}

	/**
	 * An auth-server whose issuer is its own URL, unless {@code settings} names another
	 * {@code tollgate.issuer} (the one URL that every instance of one deployment shares).
	 */
	static JarProcess authServer(String name, Database database, String encryptionKey, Map<String, String> settings) {
		int port = FreePorts.next();
		Map<String, String> all = new LinkedHashMap<>();
		all.put("spring.profiles.active", "local");
		all.put("tollgate.issuer", "http://localhost:" + port);
		all.put("spring.datasource.url", database.url());
		all.put("spring.datasource.username", database.username());
		all.putAll(settings);
		return JarProcess.start(name, Application.AUTH_SERVER, port, all, Map.of("SPRING_DATASOURCE_PASSWORD",
				database.password(), "TOLLGATE_KEYS_ENCRYPTION_KEY", encryptionKey));
	}

	/**
	 * A gateway that trusts {@code issuer} and reads its revocation feed as demo-gateway.
	 */
	static JarProcess gateway(String name, Database database, String issuer, Map<String, String> settings) {
		Map<String, String> all = new LinkedHashMap<>();
		all.put("tollgate.gateway.issuer", issuer);
		all.put("tollgate.gateway.client-id", GATEWAY_CLIENT_ID);
		all.put("spring.datasource.url", database.url());
		all.put("spring.datasource.username", database.username());
		all.putAll(settings);
		return JarProcess.start(name, Application.GATEWAY, FreePorts.next(), all, Map.of("SPRING_DATASOURCE_PASSWORD",
				database.password(), "TOLLGATE_GATEWAY_CLIENT_SECRET", "demo-gateway-secret"));
	}

	/**
	 * A random key-encryption key for one run, never stored; every instance on one
	 * database needs the same.
	 */
	static String newEncryptionKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

}
