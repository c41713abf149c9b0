package dev.tollgate.gateway.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tollgate.gateway.ResourceDemoApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real gateway listening on a free port, on a database of the test's choosing, trusting
 * an issuer of the test's choosing. Tests talk to it over HTTP only.
 */
public final class TestGateway implements AutoCloseable {

	private static TestGateway shared;

	private final TestDatabase.Database database;

	private final int port = TestDatabase.freePort();

	private final ConfigurableApplicationContext context;

	private TestGateway(TestDatabase.Database database, String issuer, Map<String, String> settings) {
		this.database = database;
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("server.port", this.port);
		properties.put("tollgate.gateway.issuer", issuer);
		properties.put("spring.datasource.url", database.url());
		properties.put("spring.datasource.username", database.username());
		properties.put("spring.datasource.password", database.password());
		properties.put("spring.main.banner-mode", "off");
		properties.putAll(settings);
		// As command-line arguments, which take precedence over application.yaml.
		String[] args = properties.entrySet()
			.stream()
			.map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
		this.context = new SpringApplicationBuilder(ResourceDemoApplication.class).run(args);
	}

	/** One gateway, on a database of its own, trusting the shared issuer. */
	public static synchronized TestGateway shared() {
		if (shared == null) {
			shared = start(TestDatabase.newDatabase(), StubIssuer.shared().url(), Map.of());
			Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
		}
		return shared;
	}

	public static TestGateway start(TestDatabase.Database database, String issuer, Map<String, String> settings) {
		return new TestGateway(database, issuer, settings);
	}

	public String baseUrl() {
		return "http://localhost:" + this.port;
	}

	public Http http() {
		return new Http(baseUrl());
	}

	public TestDatabase.Database database() {
		return this.database;
	}

	/**
	 * The value of a counter on {@code /actuator/prometheus}, 0 when it is not there yet.
	 */
	public double metric(String series) {
		String text = http().get("/actuator/prometheus", null).body();
		Matcher matcher = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(text);
		return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
	}

	@Override
	public void close() {
		if (this.context.isActive()) {
			this.context.close();
		}
	}

}
