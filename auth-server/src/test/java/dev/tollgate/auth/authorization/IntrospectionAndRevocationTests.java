package dev.tollgate.auth.authorization;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.Jwts;
import dev.tollgate.auth.support.Rows;
import dev.tollgate.auth.support.TestAuthServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.tollgate.auth.support.Http.basic;
import static dev.tollgate.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token introspection (RFC 7662) and revocation (RFC 7009).
 */
class IntrospectionAndRevocationTests {

	private static final String SERVICE = basic("demo-service", "demo-service-secret");

	private static Http http;

	private static TestAuthServer server;

	@BeforeAll
	static void startServer() {
		server = TestAuthServer.shared();
		http = new Http(server.baseUrl());
	}

	@Test
	void introspectWhenActiveThenClaimsThenInactiveAfterRevocation() {
		String token = http.postForm("/oauth2/token", SERVICE, form("grant_type", "client_credentials"))
			.field("access_token");

		Response active = http.postForm("/oauth2/introspect", SERVICE, form("token", token));
		assertThat(active.status()).isEqualTo(200);
		assertThat(active.json().get("active").asBoolean()).isTrue();
		assertThat(active.field("client_id")).isEqualTo("demo-service");
		assertThat(active.field("sub")).isEqualTo("demo-service");
		assertThat(active.field("scope")).isEqualTo("llm.chat");
		assertThat(active.field("token_type")).isEqualTo("Bearer");
		assertThat(active.field("iss")).isEqualTo(server.baseUrl());

		Response revoked = http.postForm("/oauth2/revoke", SERVICE, form("token", token));
		assertThat(revoked.status()).isEqualTo(200);
		assertThat(revoked.body()).isEmpty();

		Response inactive = http.postForm("/oauth2/introspect", SERVICE, form("token", token));
		assertThat(inactive.status()).isEqualTo(200);
		assertThat(inactive.body()).isEqualTo("{\"active\":false}");
	}

	/**
	 * Tokens issued at once are group-committed: each answer comes only after its row is
	 * committed, so every token introspects at once, and each has a row of its own.
	 */
	@Test
	void introspectWhenTokensIssuedConcurrentlyThenEachActiveAsSoonAsAnsweredAndStoredOnce() throws Exception {
		int callers = 16;
		ExecutorService executor = Executors.newFixedThreadPool(callers);
		List<Future<List<String>>> issued = new ArrayList<>();
		try {
			for (int caller = 0; caller < callers; caller++) {
				issued.add(executor.submit(() -> issueAndIntrospect(10)));
			}
			List<String> tokens = new ArrayList<>();
			for (Future<List<String>> future : issued) {
				tokens.addAll(future.get(60, TimeUnit.SECONDS));
			}

			assertThat(tokens).hasSize(callers * 10).doesNotHaveDuplicates();
			for (String token : tokens.subList(0, 5)) {
				String jti = Jwts.parse(token).getJWTClaimsSet().getJWTID();
				assertThat(Rows.count(server, "oauth2_authorization", "access_token_metadata like ?", "%" + jti + "%"))
					.isEqualTo(1);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	/** The tokens of one caller, each introspected as soon as it was answered. */
	private static List<String> issueAndIntrospect(int count) {
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Response issued = http.postForm("/oauth2/token", SERVICE, form("grant_type", "client_credentials"));
			assertThat(issued.status()).isEqualTo(200);
			String token = issued.field("access_token");
			Response introspected = http.postForm("/oauth2/introspect", SERVICE, form("token", token));
			assertThat(introspected.json().get("active").asBoolean()).isTrue();
			tokens.add(token);
		}
		return tokens;
	}

	@Test
	void introspectWhenTokenTypeHintGivenThenActive() {
		String token = http.postForm("/oauth2/token", SERVICE, form("grant_type", "client_credentials"))
			.field("access_token");

		Response response = http.postForm("/oauth2/introspect", SERVICE,
				form("token", token, "token_type_hint", "access_token"));

		assertThat(response.json().get("active").asBoolean()).isTrue();
	}

	@Test
	void introspectWhenUnknownTokenThenInactive() {
		Response response = http.postForm("/oauth2/introspect", SERVICE, form("token", "not-a-token"));

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"active\":false}");
	}

	@Test
	void revokeWhenUnknownTokenThenOkAsRfc7009Requires() {
		Response response = http.postForm("/oauth2/revoke", SERVICE, form("token", "not-a-token"));

		assertThat(response.status()).isEqualTo(200);
	}

	@Test
	void introspectWhenNoClientAuthenticationThenInvalidClient() {
		Response response = http.postForm("/oauth2/introspect", null, form("token", "anything"));

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).isEqualTo("Basic realm=\"tollgate\"");
		assertThat(response.field("error")).isEqualTo("invalid_client");
		assertThat(response.field("error_description")).startsWith("Client authentication is required");
	}

}
