package dev.tollgate.auth.web;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.TestAuthServer;
import dev.tollgate.auth.support.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.tollgate.auth.support.Http.basic;
import static dev.tollgate.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The security headers on a sample of every kind of answer: pages, stylesheets, protocol
 * answers and their errors (also those a filter writes before Spring Security), JWKS,
 * discovery, the admin API's problem details, the revocation feed.
 */
class SecurityHeadersTests {

	private static final String SERVICE = basic("demo-service", "demo-service-secret");

	private static final Map<String, Function<Http, Response>> ANSWERS = Map.ofEntries(
			Map.entry("login page", (http) -> http.get("/login", null)),
			Map.entry("stylesheet", (http) -> http.get("/css/tollgate.css", null)),
			Map.entry("redirect to login", (http) -> http.send("/oauth2/consent", "GET", null, "Accept", "text/html")),
			Map.entry("token",
					(http) -> http.postForm("/oauth2/token", SERVICE, form("grant_type", "client_credentials"))),
			Map.entry("token error",
					(http) -> http.postForm("/oauth2/token", basic("demo-service", "wrong"),
							form("grant_type", "client_credentials"))),
			Map.entry("token wrong method", (http) -> http.get("/oauth2/token", null)),
			Map.entry("introspection", (http) -> http.postForm("/oauth2/introspect", SERVICE, form("token", "x"))),
			Map.entry("jwks", (http) -> http.get("/oauth2/jwks", null)),
			Map.entry("discovery", (http) -> http.get("/.well-known/openid-configuration", null)),
			Map.entry("admin problem", (http) -> http.get("/admin/v1/keys", null)),
			Map.entry("revocation feed error", (http) -> http.get("/oauth2/revocations?since=0", null)),
			Map.entry("health", (http) -> http.get("/actuator/health", null)));

	private static Http http;

	@BeforeAll
	static void startServer() {
		http = new Http(TestAuthServer.shared().baseUrl());
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "login page", "stylesheet", "redirect to login", "token", "token error", "token wrong method",
					"introspection", "jwks", "discovery", "admin problem", "revocation feed error", "health" })
	void answerWhenAnyKindThenEverySecurityHeaderOnce(String kind) {
		Response response = ANSWERS.get(kind).apply(http);

		assertThat(values(response, "X-Content-Type-Options")).containsExactly("nosniff");
		assertThat(values(response, "X-Frame-Options")).containsExactly("DENY");
		assertThat(values(response, "Referrer-Policy")).containsExactly("no-referrer");
		assertThat(values(response, "Permissions-Policy")).containsExactly(SecurityHeadersFilter.PERMISSIONS_POLICY);
		assertThat(values(response, "Content-Security-Policy"))
			.containsExactly(SecurityHeadersFilter.CONTENT_SECURITY_POLICY);
		assertThat(values(response, "Strict-Transport-Security")).as("only over TLS").isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "token", "token error", "introspection", "admin problem" })
	void answerWhenItCarriesTokensOrClientDataThenNoStore(String kind) {
		Response response = ANSWERS.get(kind).apply(http);

		assertThat(values(response, "Cache-Control")).containsExactly("no-store");
	}

	@Test
	void answerWhenTheRequestCameOverTlsThroughAProxyThenStrictTransportSecurity() {
		try (TestAuthServer behindProxy = TestAuthServer.start(TestDatabase.newDatabase(),
				Map.of("server.forward-headers-strategy", "native"))) {
			Http proxied = new Http(behindProxy.baseUrl());

			Response overTls = proxied.send("/oauth2/jwks", "GET", null, "X-Forwarded-Proto", "https");
			Response plain = proxied.get("/oauth2/jwks", null);

			assertThat(values(overTls, "Strict-Transport-Security"))
				.containsExactly("max-age=31536000; includeSubDomains");
			assertThat(values(plain, "Strict-Transport-Security")).isEmpty();
		}
	}

	private static List<String> values(Response response, String name) {
		return response.headers()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
			.flatMap((entry) -> entry.getValue().stream())
			.toList();
	}

}
