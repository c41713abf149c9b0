package dev.tollgate.auth.authorization;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tollgate.auth.support.Browser;
import dev.tollgate.auth.support.Consents;
import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.Pkce;
import dev.tollgate.auth.support.TestAuthServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.tollgate.auth.support.Http.basic;
import static dev.tollgate.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token values at rest: after every flow the server offers has run, no table of the
 * database holds any issued access token, refresh token, ID token, authorization code,
 * device code or user code, nor a client secret or password; the tokens are there as
 * hashes only.
 */
class TokenValuesAtRestTests {

	private static final String SERVICE = basic("demo-service", "demo-service-secret");

	private static final String REDIRECT_URI = "http://127.0.0.1:8080/callback";

	private static final String DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

	private static TestAuthServer server;

	private static Http http;

	@BeforeAll
	static void startServer() {
		server = TestAuthServer.shared();
		http = new Http(server.baseUrl());
	}

	@Test
	void databaseWhenEveryFlowHasRunThenNoTableHoldsAnIssuedValue() throws SQLException {
		Map<String, String> issued = new LinkedHashMap<>();
		clientCredentialsFlow(issued);
		authorizationCodeFlowWithRefreshesAndAReplay(issued);
		deviceFlow(issued);
		issued.put("client secret", "demo-service-secret");
		issued.put("password", "alice-password");

		List<String> rows = everyRowOfEveryTable();

		assertThat(issued.values()).doesNotContainNull().allSatisfy((value) -> assertThat(value).isNotBlank());
		issued.forEach((name, value) -> assertThat(rows).as(name)
			.noneMatch((row) -> row.contains(value) || row.contains(hex(value))));
		assertThat(rows).as("the first refresh token's hash, in the history")
			.anyMatch((row) -> row.contains(TokenHash.of(issued.get("refresh token 1"))));
		assertThat(rows).as("the client_credentials access token's hash")
			.anyMatch((row) -> row.contains(TokenHash.of(issued.get("access token (client_credentials)"))));
	}

	private static void clientCredentialsFlow(Map<String, String> issued) {
		String accessToken = http.postForm("/oauth2/token", SERVICE, form("grant_type", "client_credentials"))
			.field("access_token");
		http.postForm("/oauth2/introspect", SERVICE, form("token", accessToken));
		http.postForm("/oauth2/revoke", SERVICE, form("token", accessToken));
		issued.put("access token (client_credentials)", accessToken);
	}

	/**
	 * Signs in, exchanges the code, refreshes twice, then replays the first refresh
	 * token.
	 */
	private static void authorizationCodeFlowWithRefreshesAndAReplay(Map<String, String> issued) {
		Consents.forget(server, "demo-app", "alice");
		Pkce pkce = Pkce.s256();
		String code;
		try (Browser browser = Browser.start()) {
			browser.open(server.baseUrl() + "/oauth2/authorize?response_type=code&client_id=demo-app&redirect_uri="
					+ encode(REDIRECT_URI) + "&scope=" + encode("openid profile llm.chat") + "&state="
					+ Pkce.randomValue() + "&nonce=" + Pkce.randomValue() + "&code_challenge=" + pkce.challenge()
					+ "&code_challenge_method=S256");
			browser.waitForUrlStartingWith(server.baseUrl() + "/login");
			browser.signIn("alice", "alice-password");
			browser.waitForUrlStartingWith(server.baseUrl() + "/oauth2/consent");
			browser.click("submit-consent");
			browser.waitForUrlStartingWith(REDIRECT_URI);
			code = browser.queryParameters().get("code");
		}
		issued.put("authorization code", code);

		Response tokens = http.postForm("/oauth2/token", null, form("grant_type", "authorization_code", "code", code,
				"redirect_uri", REDIRECT_URI, "client_id", "demo-app", "code_verifier", pkce.verifier()));
		putTokens(issued, tokens, "1");
		putTokens(issued, refresh(tokens.field("refresh_token")), "2");
		putTokens(issued, refresh(issued.get("refresh token 2")), "3");
		assertThat(refresh(issued.get("refresh token 1")).status()).isEqualTo(400);
	}

	private static void deviceFlow(Map<String, String> issued) {
		Consents.forget(server, "demo-device", "alice");
		Response authorization = http.postForm("/oauth2/device_authorization", null,
				form("client_id", "demo-device", "scope", "profile llm.chat"));
		try (Browser browser = Browser.start()) {
			browser.open(authorization.field("verification_uri"));
			browser.waitForUrlStartingWith(server.baseUrl() + "/login");
			browser.signIn("alice", "alice-password");
			browser.waitForUrlStartingWith(server.baseUrl() + "/oauth2/device_verification");
			browser.type("user_code", authorization.field("user_code"));
			browser.click("submit-code");
			browser.waitForUrlStartingWith(server.baseUrl() + "/oauth2/consent");
			browser.click("submit-consent");
			browser.text("device-success");
		}
		Response tokens = http.postForm("/oauth2/token", null, form("grant_type", DEVICE_CODE_GRANT, "device_code",
				authorization.field("device_code"), "client_id", "demo-device"));
		issued.put("device code", authorization.field("device_code"));
		issued.put("user code", authorization.field("user_code"));
		issued.put("access token (device)", tokens.field("access_token"));
		issued.put("refresh token (device)", tokens.field("refresh_token"));
	}

	private static void putTokens(Map<String, String> issued, Response tokens, String suffix) {
		assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
		issued.put("access token " + suffix, tokens.field("access_token"));
		issued.put("refresh token " + suffix, tokens.field("refresh_token"));
		issued.put("ID token " + suffix, tokens.field("id_token"));
	}

	private static Response refresh(String refreshToken) {
		return http.postForm("/oauth2/token", null,
				form("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", "demo-app"));
	}

	/** Each row of each table of the schema, as PostgreSQL writes a row value as text. */
	private static List<String> everyRowOfEveryTable() throws SQLException {
		List<String> rows = new ArrayList<>();
		try (Connection connection = server.database().connect(); Statement statement = connection.createStatement()) {
			List<String> tables = new ArrayList<>();
			try (ResultSet result = statement.executeQuery("select table_name from information_schema.tables"
					+ " where table_schema = 'public' and table_type = 'BASE TABLE'")) {
				while (result.next()) {
					tables.add(result.getString(1));
				}
			}
			assertThat(tables).contains("oauth2_authorization", "oauth2_refresh_token_history", "audit_event");
			for (String table : tables) {
				try (ResultSet result = statement.executeQuery("select r::text from \"" + table + "\" r")) {
					while (result.next()) {
						rows.add(table + ": " + result.getString(1));
					}
				}
			}
		}
		return rows;
	}

	/** How a value stored as bytea would read. */
	private static String hex(String value) {
		return HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
