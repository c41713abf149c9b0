package dev.tollgate.auth.config;

import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.Sql;
import dev.tollgate.auth.support.TestAuthServer;
import dev.tollgate.auth.support.TestDatabase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions in PostgreSQL do not pile up: Spring Session's cleanup job
 * ({@code spring.session.jdbc.cleanup-cron}) deletes the expired ones with their
 * attributes, and leaves the live ones.
 */
class SessionCleanupTests {

	@Test
	void cleanupWhenSessionExpiredThenItsRowsDeletedAndLiveSessionKept() throws InterruptedException {
		Map<String, Object> everySecond = Map.of("spring.session.jdbc.cleanup-cron", "* * * * * *");
		try (TestAuthServer server = TestAuthServer.start(TestDatabase.newDatabase(), everySecond)) {
			// given two sessions, one of which expired a minute ago
			Http http = new Http(server.baseUrl());
			String expired = sessionId(http.get("/login", null));
			String live = sessionId(http.get("/login", null));
			Sql.update(server.database(), "UPDATE spring_session SET expiry_time = ? WHERE session_id = ?",
					System.currentTimeMillis() - 60_000, expired);
			assertThat(attributes(server, expired)).isPositive();

			// when the cleanup has run
			awaitGone(server, expired);

			// then only the live session is left, and no attribute of the expired one
			assertThat(sessions(server, expired)).isZero();
			assertThat(attributes(server, expired)).isZero();
			assertThat(sessions(server, live)).isOne();
		}
	}

	/** The session id in the cookie, which Spring Session writes base64-encoded. */
	private static String sessionId(Response response) {
		String cookie = response.header("Set-Cookie");
		String value = cookie.substring("SESSION=".length(), cookie.indexOf(';'));
		return new String(Base64.getDecoder().decode(value));
	}

	private static void awaitGone(TestAuthServer server, String sessionId) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (sessions(server, sessionId) > 0 && System.nanoTime() < deadline) {
			Thread.sleep(200);
		}
	}

	private static long sessions(TestAuthServer server, String sessionId) {
		return (long) Sql
			.rows(server.database(), "SELECT count(*) AS n FROM spring_session WHERE session_id = ?", sessionId)
			.get(0)
			.get("n");
	}

	private static long attributes(TestAuthServer server, String sessionId) {
		return (long) Sql
			.rows(server.database(),
					"SELECT count(*) AS n FROM spring_session_attributes a JOIN spring_session s"
							+ " ON a.session_primary_id = s.primary_id WHERE s.session_id = ?",
					sessionId)
			.get(0)
			.get("n");
	}

}
