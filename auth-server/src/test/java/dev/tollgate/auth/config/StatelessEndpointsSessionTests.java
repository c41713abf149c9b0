package dev.tollgate.auth.config;

import java.util.List;
import java.util.Map;

import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.Sql;
import dev.tollgate.auth.support.TestAuthServer;
import dev.tollgate.auth.support.Tokens;
import org.junit.jupiter.api.Test;

import static dev.tollgate.auth.support.Http.bearer;
import static dev.tollgate.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoints that machines call neither create nor read a browser session: with
 * sessions in PostgreSQL, each would otherwise cost a row written or read per request.
 * Proven by the rows of {@code spring_session}: none is added, and a session whose cookie
 * the requests carry is not touched (reading it would update its last access time).
 */
class StatelessEndpointsSessionTests {

	private static final TestAuthServer server = TestAuthServer.shared();

	private static final Http http = new Http(server.baseUrl());

	@Test
	void statelessEndpointsWhenCalledWithAndWithoutSessionCookieThenNoSessionRowCreatedOrRead()
			throws InterruptedException {
		// given a browser session (the login page starts one) and tokens to work with
		String cookie = sessionCookie();
		String accessToken = Tokens.service(http);
		String unrevoked = Tokens.service(http);
		String adminToken = Tokens.admin(http);
		List<Map<String, Object>> before = sessions();
		Thread.sleep(20);

		// when every stateless endpoint is called, successfully and not, with the cookie
		List<Response> answers = List.of(
				http.postForm("/oauth2/token", Tokens.SERVICE, form("grant_type", "client_credentials"), "Cookie",
						cookie),
				http.postForm("/oauth2/token", null, form("grant_type", "client_credentials"), "Cookie", cookie),
				http.postForm("/oauth2/token", Http.basic("demo-service", "wrong"),
						form("grant_type", "client_credentials"), "Cookie", cookie),
				http.postForm("/oauth2/introspect", Tokens.SERVICE, form("token", accessToken), "Cookie", cookie),
				http.postForm("/oauth2/revoke", Tokens.SERVICE, form("token", accessToken), "Cookie", cookie),
				http.send("/oauth2/jwks", "GET", null, "Cookie", cookie),
				http.send("/admin/v1/keys", "GET", bearer(adminToken), "Cookie", cookie),
				http.send("/admin/v1/keys", "GET", null, "Cookie", cookie),
				http.send("/oauth2/revocations?since=0", "GET", bearer(unrevoked), "Cookie", cookie),
				http.send("/actuator/health", "GET", null, "Cookie", cookie));
		// and once more without it, as machines call them
		List<Response> withoutCookie = List.of(
				http.postForm("/oauth2/token", Tokens.SERVICE, form("grant_type", "client_credentials")),
				http.postForm("/oauth2/token", null, form("grant_type", "client_credentials")),
				http.send("/oauth2/jwks", "GET", null, "Accept", "text/html"),
				http.send("/admin/v1/keys", "GET", null));

		// then they answered as usual, set no cookie, and the session rows are as they
		// were
		assertThat(answers).extracting(Response::status)
			.containsExactly(200, 401, 401, 200, 200, 200, 200, 401, 403, 200);
		assertThat(withoutCookie).extracting(Response::status).containsExactly(200, 401, 200, 401);
		assertThat(answers).extracting((answer) -> answer.header("Set-Cookie")).as("with cookie").containsOnlyNulls();
		assertThat(withoutCookie).extracting((answer) -> answer.header("Set-Cookie")).as("without").containsOnlyNulls();
		assertThat(sessions()).isEqualTo(before);
	}

	private static String sessionCookie() {
		Response login = http.get("/login", null);
		String setCookie = login.header("Set-Cookie");
		assertThat(setCookie).startsWith("SESSION=");
		return setCookie.substring(0, setCookie.indexOf(';'));
	}

	private static List<Map<String, Object>> sessions() {
		return Sql.rows(server.database(),
				"SELECT session_id, last_access_time, expiry_time FROM spring_session ORDER BY session_id");
	}

}
