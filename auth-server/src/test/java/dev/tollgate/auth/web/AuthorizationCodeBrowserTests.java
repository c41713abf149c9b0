package dev.tollgate.auth.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.SignedJWT;
import dev.tollgate.auth.support.AuditEvents;
import dev.tollgate.auth.support.Browser;
import dev.tollgate.auth.support.Consents;
import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.Jwts;
import dev.tollgate.auth.support.Pkce;
import dev.tollgate.auth.support.Poll;
import dev.tollgate.auth.support.TestAuthServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static dev.tollgate.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization code grant with PKCE (RFC 6749 section 4.1, RFC 7636) as a person and
 * a public client live it: a real browser signs in and consents, the client exchanges the
 * code over HTTP, refreshes (rotation, RFC 6749 section 6) and reads UserInfo (OIDC Core
 * section 5.3); then RP-initiated logout (OIDC RP-Initiated Logout 1.0).
 */
class AuthorizationCodeBrowserTests {

	private static final String CLIENT_ID = "demo-app";

	private static final String REDIRECT_URI = "http://127.0.0.1:8080/callback";

	private static final String SCOPE = "openid profile llm.chat";

	private static TestAuthServer server;

	private static Http http;

	private Browser browser;

	@BeforeAll
	static void startServer() {
		server = TestAuthServer.shared();
		http = new Http(server.baseUrl());
	}

	@BeforeEach
	void startBrowser() {
		Consents.forget(server, CLIENT_ID, "alice");
		this.browser = Browser.start();
	}

	@AfterEach
	void quitBrowser() {
		this.browser.close();
	}

	@Test
	void authorizeWhenSignedInAndConsentedThenCallbackWithCodeAndState() {
		AuthorizationRequest request = AuthorizationRequest.create();

		this.browser.open(request.url());
		this.browser.waitForUrlStartingWith(server.baseUrl() + "/login");
		this.browser.screenshot("login");
		this.browser.signIn("alice", "alice-password");

		this.browser.waitForUrlStartingWith(server.baseUrl() + "/oauth2/consent");
		this.browser.screenshot("consent");
		assertThat(this.browser.pageText()).contains("Demo app", "demo-app", "alice");
		assertThat(scopeCheckboxes()).containsExactly("profile", "llm.chat");
		this.browser.click("submit-consent");

		this.browser.waitForUrlStartingWith(REDIRECT_URI);
		Map<String, String> callback = this.browser.queryParameters();
		assertThat(callback.get("code")).isNotBlank();
		assertThat(callback).containsEntry("state", request.state()).doesNotContainKey("error");
	}

	@Test
	void tokenWhenCodeAndVerifierThenIdTokenAccessTokenAndRefreshToken() {
		AuthorizationRequest request = AuthorizationRequest.create();
		String code = authorizeAsAlice(request);

		Response response = exchange(code, request.pkce().verifier());

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.field("token_type")).isEqualTo("Bearer");
		assertThat(response.field("scope")).isEqualTo(SCOPE);
		assertThat(response.field("refresh_token")).isNotBlank();

		Map<String, Object> idToken = Jwts.verifiedClaims(http, response.field("id_token"));
		assertThat(idToken).containsEntry("iss", server.baseUrl())
			.containsEntry("sub", "alice")
			.containsEntry("aud", CLIENT_ID)
			.containsEntry("azp", CLIENT_ID)
			.containsEntry("nonce", request.nonce())
			.containsKeys("iat", "exp");

		String accessToken = response.field("access_token");
		SignedJWT jwt = Jwts.parse(accessToken);
		assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
		assertThat(jwt.getHeader().getKeyID()).isNotBlank();
		assertThat(Jwts.verifiedClaims(http, accessToken)).containsEntry("iss", server.baseUrl())
			.containsEntry("sub", "alice")
			.containsEntry("client_id", CLIENT_ID)
			.containsEntry("scope", SCOPE)
			.containsEntry("aud", "llm-gateway")
			.containsKeys("iat", "nbf", "exp", "jti");
	}

	@Test
	void tokenWhenCodeExchangedThenTokenIssuedIsAuditedForAlice() throws Exception {
		AuthorizationRequest request = AuthorizationRequest.create();
		String accessToken = exchange(authorizeAsAlice(request), request.pkce().verifier()).field("access_token");
		String jti = Jwts.parse(accessToken).getJWTClaimsSet().getJWTID();

		List<AuditEvents.Event> issued = Poll.until(() -> AuditEvents.ofType(server, "token.issued")
			.stream()
			.filter((event) -> event.details().contains(jti))
			.toList(), (events) -> !events.isEmpty(), Duration.ofSeconds(10));

		assertThat(issued).singleElement().satisfies((event) -> {
			assertThat(event.actor()).isEqualTo(CLIENT_ID);
			assertThat(event.clientId()).isEqualTo(CLIENT_ID);
			assertThat(event.principalName()).isEqualTo("alice");
			assertThat(event.details()).contains("\"grant_type\": \"authorization_code\"")
				.contains("\"refresh_token\": true")
				.contains("\"scope\": \"" + SCOPE + "\"")
				.doesNotContain(accessToken);
		});
	}

	@Test
	void userInfoWhenAccessTokenThenAliceProfile() {
		AuthorizationRequest request = AuthorizationRequest.create();
		String accessToken = exchange(authorizeAsAlice(request), request.pkce().verifier()).field("access_token");

		Response response = http.get("/userinfo", "Bearer " + accessToken);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.field("sub")).isEqualTo("alice");
		assertThat(response.field("preferred_username")).isEqualTo("alice");
		assertThat(response.field("name")).isEqualTo("Alice Example");
	}

	@Test
	void tokenWhenRefreshTokenThenRotatedAndTheOldOneIsInvalidGrant() {
		AuthorizationRequest request = AuthorizationRequest.create();
		String first = exchange(authorizeAsAlice(request), request.pkce().verifier()).field("refresh_token");

		Response refreshed = refresh(first);

		assertThat(refreshed.status()).isEqualTo(200);
		assertThat(refreshed.field("access_token")).isNotBlank();
		assertThat(refreshed.field("refresh_token")).isNotBlank().isNotEqualTo(first);

		Response replayed = refresh(first);

		assertThat(replayed.status()).isEqualTo(400);
		assertThat(replayed.field("error")).isEqualTo("invalid_grant");
	}

	@Test
	void tokenWhenCodeUsedTwiceThenInvalidGrant() {
		AuthorizationRequest request = AuthorizationRequest.create();
		String code = authorizeAsAlice(request);
		assertThat(exchange(code, request.pkce().verifier()).status()).isEqualTo(200);

		Response again = exchange(code, request.pkce().verifier());

		assertThat(again.status()).isEqualTo(400);
		assertThat(again.field("error")).isEqualTo("invalid_grant");
	}

	@Test
	void authorizeWhenConsentDeniedThenCallbackWithAccessDenied() {
		AuthorizationRequest request = AuthorizationRequest.create();
		this.browser.open(request.url());
		this.browser.waitForUrlStartingWith(server.baseUrl() + "/login");
		this.browser.signIn("alice", "alice-password");
		this.browser.waitForUrlStartingWith(server.baseUrl() + "/oauth2/consent");

		this.browser.click("cancel-consent");

		this.browser.waitForUrlStartingWith(REDIRECT_URI);
		Map<String, String> callback = this.browser.queryParameters();
		assertThat(callback).containsEntry("error", "access_denied")
			.containsEntry("state", request.state())
			.doesNotContainKey("code");
	}

	@Test
	void loginWhenWrongPasswordThenErrorAndNotSignedIn() {
		AuthorizationRequest request = AuthorizationRequest.create();
		this.browser.open(request.url());
		this.browser.waitForUrlStartingWith(server.baseUrl() + "/login");

		this.browser.signIn("alice", "not-alice-password");

		assertThat(this.browser.text("login-error")).contains("The username or password is not correct");
		assertThat(this.browser.currentUrl()).startsWith(server.baseUrl() + "/login");
		this.browser.open(request.url());
		this.browser.waitForUrlStartingWith(server.baseUrl() + "/login");
		assertThat(this.browser.findAll(By.id("login-error"))).isEmpty();
	}

	@Test
	void logoutWhenIdTokenHintThenPostLogoutRedirectWithStateAndSignedOut() {
		AuthorizationRequest request = AuthorizationRequest.create();
		String idToken = exchange(authorizeAsAlice(request), request.pkce().verifier()).field("id_token");

		this.browser.open(server.baseUrl() + "/connect/logout?id_token_hint=" + idToken + "&post_logout_redirect_uri="
				+ encode("http://127.0.0.1:8080/") + "&state=xyz");

		this.browser.waitForUrlStartingWith("http://127.0.0.1:8080/");
		assertThat(this.browser.currentUrl()).isEqualTo("http://127.0.0.1:8080/?state=xyz");
		this.browser.open(AuthorizationRequest.create().url());
		this.browser.waitForUrlStartingWith(server.baseUrl() + "/login");
	}

	/** Signs in as alice, consents, and answers the code of the callback. */
	private String authorizeAsAlice(AuthorizationRequest request) {
		this.browser.open(request.url());
		this.browser.waitForUrlStartingWith(server.baseUrl() + "/login");
		this.browser.signIn("alice", "alice-password");
		this.browser.waitForUrlStartingWith(server.baseUrl() + "/oauth2/consent");
		this.browser.click("submit-consent");
		this.browser.waitForUrlStartingWith(REDIRECT_URI);
		assertThat(this.browser.queryParameters()).containsEntry("state", request.state());
		return this.browser.queryParameters().get("code");
	}

	private List<String> scopeCheckboxes() {
		return this.browser.findAll(By.cssSelector("input[type=checkbox][name=scope]"))
			.stream()
			.map((checkbox) -> checkbox.getAttribute("value"))
			.toList();
	}

	private static Response exchange(String code, String verifier) {
		return http.postForm("/oauth2/token", null, form("grant_type", "authorization_code", "code", code,
				"redirect_uri", REDIRECT_URI, "client_id", CLIENT_ID, "code_verifier", verifier));
	}

	private static Response refresh(String refreshToken) {
		return http.postForm("/oauth2/token", null,
				form("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", CLIENT_ID));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	/** The parameters of one authorization request, fresh for each. */
	private record AuthorizationRequest(Pkce pkce, String state, String nonce) {

		static AuthorizationRequest create() {
			return new AuthorizationRequest(Pkce.s256(), Pkce.randomValue(), Pkce.randomValue());
		}

		String url() {
			return server.baseUrl() + "/oauth2/authorize?response_type=code&client_id=" + CLIENT_ID + "&redirect_uri="
					+ encode(REDIRECT_URI) + "&scope=" + encode(SCOPE) + "&state=" + this.state + "&nonce=" + this.nonce
					+ "&code_challenge=" + this.pkce.challenge() + "&code_challenge_method=S256";
		}

	}

}
