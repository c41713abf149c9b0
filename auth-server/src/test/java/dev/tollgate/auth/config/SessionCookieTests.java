package dev.tollgate.auth.config;

import java.util.Map;

import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.TestAuthServer;
import dev.tollgate.auth.support.TestDatabase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sign-in session cookie: {@code Secure} outside {@code local}, always
 * {@code HttpOnly} and {@code SameSite=Lax}.
 */
class SessionCookieTests {

	@Test
	void loginPageWhenProdThenSessionCookieIsSecureHttpOnlyAndLax() {
		Map<String, Object> prod = Map.of("spring.profiles.active", "prod", "tollgate.bootstrap.admin-client-secret",
				"a-test-only-bootstrap-secret-of-48-characters-xx");
		try (TestAuthServer server = TestAuthServer.start(TestDatabase.newDatabase(), prod)) {
			Response login = new Http(server.baseUrl()).get("/login", null);

			assertThat(login.status()).isEqualTo(200);
			assertThat(login.header("Set-Cookie")).startsWith("SESSION=")
				.contains("; Secure", "; HttpOnly", "; SameSite=Lax");
		}
	}

	@Test
	void loginPageWhenLocalThenSessionCookieIsHttpOnlyAndLaxButNotSecure() {
		Response login = new Http(TestAuthServer.shared().baseUrl()).get("/login", null);

		assertThat(login.header("Set-Cookie")).startsWith("SESSION=")
			.contains("; HttpOnly", "; SameSite=Lax")
			.doesNotContain("; Secure");
	}

}
