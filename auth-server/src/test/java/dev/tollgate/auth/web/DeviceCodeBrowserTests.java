package dev.tollgate.auth.web;

import java.util.Map;

import dev.tollgate.auth.support.Browser;
import dev.tollgate.auth.support.Consents;
import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.Jwts;
import dev.tollgate.auth.support.TestAuthServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.tollgate.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The device authorization grant (RFC 8628): a device asks for codes and polls, while a
 * person approves in a real browser on the verification page.
 */
class DeviceCodeBrowserTests {

	private static final String CLIENT_ID = "demo-device";

	private static final String SCOPE = "profile llm.chat";

	private static final String DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

	private static TestAuthServer server;

	private static Http http;

	private Browser browser;

	@BeforeAll
	static void startServer() {
		server = TestAuthServer.shared();
		http = new Http(server.baseUrl());
	}

	@BeforeEach
	void forgetConsent() {
		Consents.forget(server, CLIENT_ID, "alice");
	}

	@AfterEach
	void quitBrowser() {
		if (this.browser != null) {
			this.browser.close();
		}
	}

	@Test
	void deviceAuthorizationWhenPublicClientThenCodesAndVerificationUris() {
		Response response = authorizeDevice();

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.field("device_code")).isNotBlank();
		String userCode = response.field("user_code");
		assertThat(userCode).isNotBlank();
		String verificationUri = server.baseUrl() + "/oauth2/device_verification";
		assertThat(response.field("verification_uri")).isEqualTo(verificationUri);
		assertThat(response.field("verification_uri_complete")).isEqualTo(verificationUri + "?user_code=" + userCode);
		assertThat(response.json().get("expires_in").asInt()).isBetween(590, 600);
		assertThat(response.json().get("interval").asInt()).isEqualTo(5);
	}

	/**
	 * The device flow issues no ID token, so demo-device is not registered for
	 * {@code openid}, and asking for it is refused with a message that says why.
	 */
	@Test
	void deviceAuthorizationWhenOpenidScopeThenInvalidScope() {
		Response response = http.postForm("/oauth2/device_authorization", null,
				form("client_id", CLIENT_ID, "scope", "openid profile llm.chat"));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.field("error")).isEqualTo("invalid_scope");
		assertThat(response.field("error_description")).isEqualTo(
				"The requested scope is unknown, not" + " registered for this client, or wider than what was granted");
	}

	@Test
	void tokenWhenNotYetApprovedThenAuthorizationPending() {
		String deviceCode = authorizeDevice().field("device_code");

		Response response = poll(deviceCode);

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.field("error")).isEqualTo("authorization_pending");
	}

	@Test
	void tokenWhenApprovedInBrowserThenAccessAndRefreshTokens() {
		Response authorization = authorizeDevice();
		String deviceCode = authorization.field("device_code");
		assertThat(poll(deviceCode).field("error")).isEqualTo("authorization_pending");

		Browser browser = startBrowser();
		browser.open(authorization.field("verification_uri"));
		browser.waitForUrlStartingWith(server.baseUrl() + "/login");
		browser.signIn("alice", "alice-password");
		browser.waitForUrlStartingWith(server.baseUrl() + "/oauth2/device_verification");
		browser.screenshot("device-verification");
		browser.type("user_code", authorization.field("user_code"));
		browser.click("submit-code");
		browser.waitForUrlStartingWith(server.baseUrl() + "/oauth2/consent");
		assertThat(browser.pageText()).contains("Demo device", authorization.field("user_code"));
		browser.click("submit-consent");

		assertThat(browser.text("device-success")).contains("Your device is connected");
		Response tokens = poll(deviceCode);
		assertThat(tokens.status()).isEqualTo(200);
		assertThat(tokens.field("refresh_token")).isNotBlank();
		Map<String, Object> claims = Jwts.verifiedClaims(http, tokens.field("access_token"));
		assertThat(claims).containsEntry("sub", "alice").containsEntry("client_id", CLIENT_ID);
	}

	@Test
	void deviceVerificationWhenWrongUserCodeThenError() {
		authorizeDevice();
		Browser browser = startBrowser();
		browser.open(server.baseUrl() + "/oauth2/device_verification");
		browser.waitForUrlStartingWith(server.baseUrl() + "/login");
		browser.signIn("alice", "alice-password");
		browser.waitForUrlStartingWith(server.baseUrl() + "/oauth2/device_verification");

		browser.type("user_code", "BCDF-GHJK");
		browser.click("submit-code");

		assertThat(browser.text("device-error")).contains("That code is not valid or has expired");
		browser.screenshot("device-error");
	}

	/** Only the tests of the person's side need a browser. */
	private Browser startBrowser() {
		this.browser = Browser.start();
		return this.browser;
	}

	private static Response authorizeDevice() {
		return http.postForm("/oauth2/device_authorization", null, form("client_id", CLIENT_ID, "scope", SCOPE));
	}

	private static Response poll(String deviceCode) {
		return http.postForm("/oauth2/token", null,
				form("grant_type", DEVICE_CODE_GRANT, "device_code", deviceCode, "client_id", CLIENT_ID));
	}

}
