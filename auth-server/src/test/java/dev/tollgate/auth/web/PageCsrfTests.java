package dev.tollgate.auth.web;

import dev.tollgate.auth.support.FormSession;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.TestAuthServer;
import dev.tollgate.auth.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CSRF protection of every form a person posts: the login form, the consent form and the
 * device verification. Spring Authorization Server exempts its own endpoints, so the
 * consent and device verification posts are the ones this checks most.
 */
class PageCsrfTests {

	private static TestAuthServer server;

	@BeforeAll
	static void startServer() {
		server = TestAuthServer.start(TestDatabase.newDatabase());
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void loginWhenNoCsrfTokenThenForbidden() {
		FormSession browser = new FormSession(server.baseUrl());
		browser.get("/login");

		Response response = browser.post("/login", "username", "alice", "password", "alice-password");

		assertThat(response.status()).isEqualTo(403);
	}

	@Test
	void consentWhenSignedInWithoutCsrfTokenThenForbidden() {
		FormSession browser = signedIn();

		Response response = browser.post("/oauth2/authorize", "client_id", "demo-app", "state", "some-state", "scope",
				"openid");

		assertThat(response.status()).isEqualTo(403);
	}

	@Test
	void deviceVerificationWhenSignedInWithoutCsrfTokenThenForbiddenAndWithItProcessed() {
		FormSession browser = signedIn();

		Response withoutToken = browser.post("/oauth2/device_verification", "user_code", "BCDF-GHJK");
		Response withToken = browser.post("/oauth2/device_verification", "user_code", "BCDF-GHJK", "_csrf",
				browser.csrfToken("/login"));

		assertThat(withoutToken.status()).isEqualTo(403);
		assertThat(withToken.status()).isEqualTo(302);
		assertThat(withToken.header("Location")).endsWith("/oauth2/device_verification?error");
	}

	private static FormSession signedIn() {
		FormSession browser = new FormSession(server.baseUrl());
		Response login = browser.login("alice", "alice-password");
		assertThat(login.status()).isEqualTo(302);
		assertThat(login.header("Location")).doesNotContain("error");
		return browser;
	}

}
