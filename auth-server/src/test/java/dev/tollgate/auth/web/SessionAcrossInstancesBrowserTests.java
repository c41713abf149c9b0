package dev.tollgate.auth.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.tollgate.auth.support.Browser;
import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.Pkce;
import dev.tollgate.auth.support.RoundRobinProxy;
import dev.tollgate.auth.support.RoundRobinProxy.Routed;
import dev.tollgate.auth.support.Sql;
import dev.tollgate.auth.support.TestAuthServer;
import dev.tollgate.auth.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.tollgate.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances on one database behind a load balancer without sticky sessions: the
 * sign-in session and the saved authorization request live in PostgreSQL (Spring Session
 * JDBC), so a person who signs in on one instance consents on the other, and the client
 * gets its tokens, in one authorization code flow (RFC 6749 section 4.1). What the stored
 * sessions hold is no password, not even a mistyped one, nor the code.
 */
class SessionAcrossInstancesBrowserTests {

	private static final String REDIRECT_URI = "http://127.0.0.1:8080/callback";

	private static final String WRONG_PASSWORD = "wrong-" + Pkce.randomValue();

	private static final int A = 0;

	private static final int B = 1;

	private static RoundRobinProxy proxy;

	private static TestAuthServer first;

	private static TestAuthServer second;

	private Browser browser;

	@BeforeAll
	static void startInstancesBehindProxy() {
		proxy = RoundRobinProxy.start();
		TestDatabase.Database database = TestDatabase.newDatabase();
		String encryptionKey = TestAuthServer.newEncryptionKey();
		// Both are one issuer, the load balancer's URL, as in a real deployment.
		Map<String, Object> settings = Map.of("tollgate.issuer", proxy.baseUrl());
		first = TestAuthServer.start(database, encryptionKey, settings);
		second = TestAuthServer.start(database, encryptionKey, settings);
		proxy.backends(List.of(first.baseUrl(), second.baseUrl()));
	}

	@AfterAll
	static void stopInstances() {
		second.close();
		first.close();
		proxy.close();
	}

	@BeforeEach
	void startBrowser() {
		Sql.update(first.database(), "DELETE FROM oauth2_authorization_consent");
		this.browser = Browser.start();
	}

	@AfterEach
	void quitBrowser() {
		this.browser.close();
	}

	@Test
	void authorizeWhenSignedInOnOneInstanceAndConsentedOnTheOtherThenCodeExchangesForTokens() {
		// given a load balancer that sends the sign-in to instance A and all else to B
		proxy.route((target) -> target.equals("POST /login") ? A : B);
		Pkce pkce = Pkce.s256();
		String state = Pkce.randomValue();

		// when the browser signs in and consents through it
		String code = signInAndConsent(pkce, state);
		Response tokens = exchange(code, pkce);

		// then the flow completed across both instances
		assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
		assertThat(tokens.field("access_token")).isNotBlank();
		assertThat(tokens.field("id_token")).isNotBlank();
		assertThat(servedBy("POST /login")).containsOnly(A);
		assertThat(servedBy("POST /oauth2/authorize")).containsOnly(B);
		assertThat(Sql.rows(first.database(), "SELECT 1 FROM spring_session WHERE principal_name = ?", "alice"))
			.isNotEmpty();
		assertThat(sessionBytes()).doesNotContain("alice-password", WRONG_PASSWORD, "$2a$", "$2b$", code);
	}

	@Test
	void authorizeWhenEveryRequestGoesToTheNextInstanceThenTheFlowCompletes() {
		// given a load balancer that alternates request by request
		proxy.route((target) -> -1);
		Pkce pkce = Pkce.s256();
		String state = Pkce.randomValue();
		int before = proxy.routed().size();

		// when the browser signs in and consents through it
		String code = signInAndConsent(pkce, state);
		Response tokens = exchange(code, pkce);

		// then the flow completed, served by both instances
		assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
		List<Routed> flow = proxy.routed().subList(before, proxy.routed().size());
		assertThat(flow).extracting(Routed::backend).contains(A, B);
	}

	private String signInAndConsent(Pkce pkce, String state) {
		this.browser.open(proxy.baseUrl() + "/oauth2/authorize?response_type=code&client_id=demo-app&redirect_uri="
				+ encode(REDIRECT_URI) + "&scope=" + encode("openid profile llm.chat") + "&state=" + state
				+ "&code_challenge=" + pkce.challenge() + "&code_challenge_method=S256");
		this.browser.waitForUrlStartingWith(proxy.baseUrl() + "/login");
		this.browser.signIn("alice", WRONG_PASSWORD);
		this.browser.waitForId("login-error");
		this.browser.signIn("alice", "alice-password");
		this.browser.waitForUrlStartingWith(proxy.baseUrl() + "/oauth2/consent");
		this.browser.click("submit-consent");
		this.browser.waitForUrlStartingWith(REDIRECT_URI);
		assertThat(this.browser.queryParameters()).containsEntry("state", state);
		return this.browser.queryParameters().get("code");
	}

	private static Response exchange(String code, Pkce pkce) {
		return new Http(proxy.baseUrl()).postForm("/oauth2/token", null, form("grant_type", "authorization_code",
				"code", code, "redirect_uri", REDIRECT_URI, "client_id", "demo-app", "code_verifier", pkce.verifier()));
	}

	/** Every attribute of every stored session, as text. */
	private static String sessionBytes() {
		StringBuilder text = new StringBuilder();
		Sql.rows(first.database(), "SELECT attribute_bytes FROM spring_session_attributes")
			.forEach(
					(row) -> text.append(new String((byte[]) row.get("attribute_bytes"), StandardCharsets.ISO_8859_1)));
		return text.toString();
	}

	private static List<Integer> servedBy(String target) {
		return proxy.routed().stream().filter((routed) -> routed.target().equals(target)).map(Routed::backend).toList();
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
