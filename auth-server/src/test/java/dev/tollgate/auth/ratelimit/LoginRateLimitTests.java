package dev.tollgate.auth.ratelimit;

import java.util.Map;

import dev.tollgate.auth.support.AuditEvents;
import dev.tollgate.auth.support.FormSession;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.TestAuthServer;
import dev.tollgate.auth.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The login form's rate limit per username: two attempts an hour here. The third gets the
 * sign-in page again, with status 429, {@code Retry-After} and a message; other usernames
 * go on. Every failed attempt is audited without its password.
 */
class LoginRateLimitTests {

	private static TestAuthServer server;

	@BeforeAll
	static void startServer() {
		server = TestAuthServer.start(TestDatabase.newDatabase(), Map.of("tollgate.rate-limits.login-username.capacity",
				2, "tollgate.rate-limits.login-username.period", "PT1H"));
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void loginWhenTheUsernameIsOverItsLimitThenTheThrottledPageWith429() {
		FormSession browser = new FormSession(server.baseUrl());
		assertThat(browser.login("alice", "wrong-password-1").header("Location")).endsWith("/login?error");
		assertThat(browser.login("alice", "wrong-password-2").header("Location")).endsWith("/login?error");

		Response throttled = browser.login("alice", "alice-password");
		Response otherCase = browser.login("ALICE", "alice-password");
		Response otherUser = browser.login("bob", "wrong-password-3");

		assertThat(throttled.status()).isEqualTo(429);
		assertThat(throttled.header("Retry-After")).isEqualTo("1800");
		assertThat(throttled.header("Content-Type")).startsWith("text/html");
		assertThat(throttled.body()).contains("id=\"login-throttled\"")
			.contains("Too many sign-in attempts. Please wait")
			.contains("<span>1800</span> seconds, then try again.")
			.contains("name=\"_csrf\"")
			.doesNotContain("id=\"login-error\"");
		assertThat(otherCase.status()).isEqualTo(429);
		assertThat(otherUser.status()).isEqualTo(302);
	}

	@Test
	void loginWhenThePasswordIsWrongThenLoginFailedIsAuditedWithoutThePassword() {
		FormSession browser = new FormSession(server.baseUrl());

		browser.login("carol", "carols-wrong-password");

		assertThat(AuditEvents.ofType(server, "login.failed")).filteredOn((event) -> "carol".equals(event.actor()))
			.singleElement()
			.satisfies((event) -> {
				assertThat(event.principalName()).isEqualTo("carol");
				assertThat(event.clientId()).isNull();
				assertThat(event.remoteAddress()).isEqualTo("127.0.0.1");
				assertThat(event.details()).isEqualTo("{\"reason\": \"bad_credentials\"}");
			});
		assertThat(AuditEvents.ofType(server, "login.failed")).allSatisfy(
				(event) -> assertThat(event.toString()).doesNotContain("password-").doesNotContain("wrong-password"));
	}

}
