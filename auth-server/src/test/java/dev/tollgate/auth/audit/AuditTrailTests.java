package dev.tollgate.auth.audit;

import java.time.Duration;
import java.util.List;

import dev.tollgate.auth.support.AuditEvents;
import dev.tollgate.auth.support.AuditEvents.Event;
import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.Jwts;
import dev.tollgate.auth.support.Poll;
import dev.tollgate.auth.support.RefreshTokenClient;
import dev.tollgate.auth.support.TestAuthServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.tollgate.auth.support.Http.basic;
import static dev.tollgate.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit events of the protocol endpoints, each with who, for which client and user,
 * from where, and never a secret or token: token issued and refreshed (written in
 * batches, so read once they appear), token revoked, client authentication failed.
 */
class AuditTrailTests {

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	private static TestAuthServer server;

	private static Http http;

	@BeforeAll
	static void startServer() {
		server = TestAuthServer.shared();
		http = new Http(server.baseUrl());
	}

	@Test
	void tokenWhenClientCredentialsThenTokenIssuedThenRevokedWithTheSameAuthorization() throws Exception {
		String secret = "demo-service-secret";
		String token = http
			.postForm("/oauth2/token", basic("demo-service", secret), form("grant_type", "client_credentials"))
			.field("access_token");
		String jti = Jwts.parse(token).getJWTClaimsSet().getJWTID();

		Event issued = single(
				Poll.until(() -> eventsWith("token.issued", jti), (events) -> !events.isEmpty(), PATIENCE));
		String authorizationId = issued.details().replaceAll(".*\"authorization_id\": \"([^\"]+)\".*", "$1");
		Response revoked = http.postForm("/oauth2/revoke", basic("demo-service", secret), form("token", token));

		assertThat(issued.actor()).isEqualTo("demo-service");
		assertThat(issued.clientId()).isEqualTo("demo-service");
		assertThat(issued.principalName()).isEqualTo("demo-service");
		assertThat(issued.remoteAddress()).isEqualTo("127.0.0.1");
		assertThat(issued.details()).isEqualTo("{\"jti\": \"" + jti + "\", \"scope\": \"llm.chat\","
				+ " \"grant_type\": \"client_credentials\", \"refresh_token\": false, \"authorization_id\": \""
				+ authorizationId + "\"}");
		assertThat(revoked.status()).isEqualTo(200);
		assertThat(AuditEvents.ofAuthorization(server, authorizationId)).extracting(Event::type)
			.containsExactly("token.issued", "token.revoked");
		assertThat(AuditEvents.ofAuthorization(server, authorizationId).get(1)).satisfies((event) -> {
			assertThat(event.actor()).isEqualTo("demo-service");
			assertThat(event.remoteAddress()).isEqualTo("127.0.0.1");
			assertThat(event.details())
				.isEqualTo("{\"token_type\": \"access_token\", \"authorization_id\": \"" + authorizationId + "\"}");
		});
		assertNoSecretIn(token, secret);
	}

	@Test
	void refreshWhenRotatedThenTokenRefreshedWithTheAuthorization() {
		RefreshTokenClient client = RefreshTokenClient.builder().register(server);
		RefreshTokenClient.Grant grant = client.grant("alice");

		Response refreshed = client.refresh(grant.refreshToken());
		List<Event> events = Poll.until(() -> AuditEvents.ofAuthorization(server, grant.authorizationId()),
				(found) -> !found.isEmpty(), PATIENCE);

		assertThat(refreshed.status()).isEqualTo(200);
		assertThat(events).singleElement().satisfies((event) -> {
			assertThat(event.type()).isEqualTo("token.refreshed");
			assertThat(event.actor()).isEqualTo(client.clientId());
			assertThat(event.clientId()).isEqualTo(client.clientId());
			assertThat(event.principalName()).isEqualTo("alice");
			assertThat(event.remoteAddress()).isEqualTo("127.0.0.1");
			assertThat(event.details()).isEqualTo("{\"scope\": \"llm.chat\", \"grant_type\": \"refresh_token\","
					+ " \"authorization_id\": \"" + grant.authorizationId() + "\"}");
		});
		assertNoSecretIn(grant.refreshToken(), refreshed.field("refresh_token"), refreshed.field("access_token"));
	}

	@Test
	void tokenWhenTheSecretIsWrongThenClientAuthenticationFailedWithTheClientIdAsGiven() {
		http.postForm("/oauth2/token", basic("audit-no-such-client", "guessed-secret"),
				form("grant_type", "client_credentials"));
		http.postForm("/oauth2/introspect", null,
				form("token", "x", "client_id", "audit-posting-client", "client_secret", "posted-guess"));

		List<Event> failures = AuditEvents.ofType(server, "client_authentication.failed");

		assertThat(failures).filteredOn((event) -> "audit-no-such-client".equals(event.clientId()))
			.singleElement()
			.satisfies((event) -> {
				assertThat(event.actor()).isEqualTo("audit-no-such-client");
				assertThat(event.remoteAddress()).isEqualTo("127.0.0.1");
				assertThat(event.details()).isEqualTo("{\"method\": \"client_secret_basic\", \"reason\":"
						+ " \"Client authentication failed: client_id\", \"endpoint\": \"/oauth2/token\"}");
			});
		assertThat(failures).filteredOn((event) -> "audit-posting-client".equals(event.clientId()))
			.singleElement()
			.satisfies((event) -> assertThat(event.details()).contains("\"method\": \"client_secret_post\"")
				.contains("\"endpoint\": \"/oauth2/introspect\""));
		assertNoSecretIn("guessed-secret", "posted-guess");
	}

	private static List<Event> eventsWith(String type, String jti) {
		return AuditEvents.ofType(server, type).stream().filter((event) -> event.details().contains(jti)).toList();
	}

	private static Event single(List<Event> events) {
		assertThat(events).hasSize(1);
		return events.get(0);
	}

	/** No column of any audit event holds any of the values. */
	private static void assertNoSecretIn(String... values) {
		List<String> rows = AuditEvents.all(server).stream().map(Event::toString).toList();
		for (String value : values) {
			assertThat(rows).noneMatch((row) -> row.contains(value));
		}
	}

}
