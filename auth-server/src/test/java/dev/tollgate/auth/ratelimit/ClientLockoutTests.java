package dev.tollgate.auth.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.tollgate.auth.support.AuditEvents;
import dev.tollgate.auth.support.AuditEvents.Event;
import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.LogCapture;
import dev.tollgate.auth.support.Poll;
import dev.tollgate.auth.support.TestAuthServer;
import dev.tollgate.auth.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.tollgate.auth.support.Http.basic;
import static dev.tollgate.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lock-out of a client id after a burst of failed client authentications, on two
 * instances sharing one database: three failures within a minute lock the client id for
 * three seconds here, on both instances, even for a request with the right secret; then
 * it lifts by itself.
 */
class ClientLockoutTests {

	private static final Map<String, Object> SHORT_LOCKOUT = Map.of("tollgate.rate-limits.lockout.failures", 3,
			"tollgate.rate-limits.lockout.duration", "PT3S");

	private static final String RIGHT = basic("demo-service", "demo-service-secret");

	private static final String WRONG = basic("demo-service", "guessed-secret");

	private static final Duration PATIENCE = Duration.ofSeconds(15);

	private static TestAuthServer first;

	private static TestAuthServer second;

	@BeforeAll
	static void startTwoInstancesOnOneDatabase() {
		TestDatabase.Database database = TestDatabase.newDatabase();
		String encryptionKey = TestAuthServer.newEncryptionKey();
		first = TestAuthServer.start(database, encryptionKey, SHORT_LOCKOUT);
		second = TestAuthServer.start(database, encryptionKey, SHORT_LOCKOUT);
	}

	@AfterAll
	static void stopServers() {
		second.close();
		first.close();
	}

	@Test
	void tokenWhenABurstOfFailuresThenLockedOutOnBothInstancesUntilItLifts() {
		Http one = new Http(first.baseUrl());
		Http two = new Http(second.baseUrl());
		List<String[]> grant = form("grant_type", "client_credentials");
		assertThat(one.postForm("/oauth2/token", RIGHT, grant).status()).isEqualTo(200);

		List<ILoggingEvent> warnings;
		try (LogCapture logs = LogCapture.start()) {
			assertThat(one.postForm("/oauth2/token", WRONG, grant).status()).isEqualTo(401);
			assertThat(two.postForm("/oauth2/token", WRONG, grant).status()).isEqualTo(401);
			assertThat(one.postForm("/oauth2/token", WRONG, grant).status()).isEqualTo(401);
			warnings = logs.eventsOf(ClientLockouts.class);
			assertThat(logs.lines()).noneMatch((line) -> line.contains("guessed-secret"));
		}

		Response lockedHere = one.postForm("/oauth2/token", RIGHT, grant);
		Response lockedThere = Poll.until(() -> two.postForm("/oauth2/token", RIGHT, grant),
				(response) -> response.status() == 429, PATIENCE);

		assertThat(lockedHere.status()).isEqualTo(429);
		assertThat(lockedHere.header("Retry-After")).isIn("1", "2", "3");
		assertThat(lockedHere.body()).matches("\\{\"error_description\":\"Too many failed client authentications:"
				+ " this client id is locked out; retry after [123] seconds\",\"error\":\"slow_down\"}");
		assertThat(lockedThere.status()).isEqualTo(429);
		assertThat(warnings).singleElement().satisfies((warning) -> {
			assertThat(warning.getLevel()).isEqualTo(Level.WARN);
			assertThat(warning.getFormattedMessage()).startsWith("Client id demo-service locked out for PT3S");
		});
		assertThat(AuditEvents.ofType(first, ClientLockouts.LOCKED_OUT)).singleElement()
			.satisfies(ClientLockoutTests::isTheLockOutOfDemoService);

		Response liftedHere = Poll.until(() -> one.postForm("/oauth2/token", RIGHT, grant),
				(response) -> response.status() != 429, PATIENCE);
		Response liftedThere = Poll.until(() -> two.postForm("/oauth2/token", RIGHT, grant),
				(response) -> response.status() != 429, PATIENCE);
		assertThat(liftedHere.status()).isEqualTo(200);
		assertThat(liftedThere.status()).isEqualTo(200);
	}

	@Test
	void tokenWhenFewerFailuresThanTheBurstThenNotLockedOut() {
		Http one = new Http(first.baseUrl());
		String right = basic("demo-admin", "demo-admin-secret");
		List<String[]> grant = form("grant_type", "client_credentials");

		assertThat(one.postForm("/oauth2/token", basic("demo-admin", "wrong"), grant).status()).isEqualTo(401);
		assertThat(one.postForm("/oauth2/token", basic("demo-admin", "wrong"), grant).status()).isEqualTo(401);

		assertThat(one.postForm("/oauth2/token", right, grant).status()).isEqualTo(200);
	}

	private static void isTheLockOutOfDemoService(Event event) {
		assertThat(event.actor()).isEqualTo("demo-service");
		assertThat(event.clientId()).isEqualTo("demo-service");
		assertThat(event.remoteAddress()).isEqualTo("127.0.0.1");
		assertThat(event.details()).isEqualTo("{\"method\": \"client_secret_basic\", \"window\": \"PT1M\","
				+ " \"duration\": \"PT3S\", \"failures\": 3}");
	}

}
