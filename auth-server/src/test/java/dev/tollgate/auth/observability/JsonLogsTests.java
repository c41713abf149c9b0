package dev.tollgate.auth.observability;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.TestAuthServer;
import dev.tollgate.auth.support.TestDatabase;
import dev.tollgate.auth.support.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.tollgate.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * JSON logs (profile {@code json-logs}: Spring Boot's structured logging in Elastic
 * Common Schema) as a log shipper reads them from the console: one JSON object per line,
 * each line of a request carrying its {@code request_id}, which the answer echoes in
 * {@code X-Request-Id}; never a secret or token. Spring Security logs at debug here, so
 * that a request logs several lines.
 */
class JsonLogsTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final PrintStream console = System.out;

	private static final ByteArrayOutputStream captured = new ByteArrayOutputStream();

	private static TestAuthServer server;

	private static Http http;

	@BeforeAll
	static void startServerWithJsonLogs() {
		System.setOut(new PrintStream(new Tee(console, captured), true, StandardCharsets.UTF_8));
		server = TestAuthServer.start(TestDatabase.newDatabase(), Map.of("spring.profiles.active", "local,json-logs",
				"logging.level.org.springframework.security", "debug"));
		http = new Http(server.baseUrl());
	}

	@AfterAll
	static void stopServer() {
		server.close();
		System.setOut(console);
	}

	@Test
	void tokenRequestWhenRequestIdSentThenEveryLineOfItIsJsonWithThatIdAndTheAnswerEchoesIt() {
		String requestId = "req-" + UUID.randomUUID();

		Response response = http.postForm("/oauth2/token", Tokens.SERVICE, form("grant_type", "client_credentials"),
				"X-Request-Id", requestId);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("X-Request-Id")).isEqualTo(requestId);
		List<JsonNode> lines = linesWithRequestId(requestId);
		assertThat(lines).isNotEmpty();
		assertThat(lines).allSatisfy((line) -> {
			assertThat(line.path("@timestamp").asString()).isNotBlank();
			assertThat(line.path("log").path("level").asString()).isNotBlank();
			assertThat(line.path("message").asString()).isNotBlank();
		});
		assertThat(lines).anySatisfy((line) -> assertThat(line.path("message").asString()).contains("/oauth2/token"));
		String log = log();
		assertThat(log).doesNotContain("demo-service-secret", response.field("access_token"),
				Tokens.SERVICE.substring("Basic ".length()));
	}

	@Test
	void requestWhenRequestIdMalformedThenReplacedWithGeneratedId() {
		String hostile = "evil\"}{\"message\":\"forged";

		Response response = http.send("/oauth2/jwks", "GET", null, "X-Request-Id", hostile);
		Response tooLong = http.send("/oauth2/jwks", "GET", null, "X-Request-Id", "a".repeat(65));

		assertThat(response.status()).isEqualTo(200);
		assertThat(UUID.fromString(response.header("X-Request-Id"))).isNotNull();
		assertThat(UUID.fromString(tooLong.header("X-Request-Id"))).isNotNull();
		assertThat(linesWithRequestId(response.header("X-Request-Id"))).isNotEmpty();
		assertThat(log()).doesNotContain("forged");
	}

	@Test
	void requestWhenNoRequestIdThenEachGetsItsOwn() {
		Response first = http.get("/oauth2/jwks", null);
		Response second = http.get("/oauth2/jwks", null);

		assertThat(first.header("X-Request-Id")).isNotBlank().isNotEqualTo(second.header("X-Request-Id"));
	}

	/**
	 * Every console line of the server so far that has the request id, parsed as JSON.
	 */
	private static List<JsonNode> linesWithRequestId(String requestId) {
		return log().lines()
			.filter((line) -> line.contains(requestId))
			.map(JsonLogsTests::parse)
			.filter((line) -> requestId.equals(line.path("request_id").asString()))
			.toList();
	}

	private static JsonNode parse(String line) {
		JsonNode node = json.readTree(line);
		assertThat(node.isObject()).as(line).isTrue();
		return node;
	}

	private static String log() {
		synchronized (captured) {
			return captured.toString(StandardCharsets.UTF_8);
		}
	}

	/** Writes to the console as before and keeps a copy for the test. */
	private static final class Tee extends OutputStream {

		private final OutputStream console;

		private final ByteArrayOutputStream copy;

		Tee(OutputStream console, ByteArrayOutputStream copy) {
			this.console = console;
			this.copy = copy;
		}

		@Override
		public void write(int b) {
			synchronized (this.copy) {
				this.copy.write(b);
			}
			try {
				this.console.write(b);
			}
			catch (Exception ex) {
				// The copy is what the test reads.
			}
		}

		@Override
		public void write(byte[] bytes, int offset, int length) {
			synchronized (this.copy) {
				this.copy.write(bytes, offset, length);
			}
			try {
				this.console.write(bytes, offset, length);
			}
			catch (Exception ex) {
				// The copy is what the test reads.
			}
		}

	}

}
