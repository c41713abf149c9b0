package dev.tollgate.auth.key;

import java.text.ParseException;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.Jwts;
import dev.tollgate.auth.support.Sql;
import dev.tollgate.auth.support.TestAuthServer;
import dev.tollgate.auth.support.TestDatabase;
import dev.tollgate.auth.support.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.tollgate.auth.support.Http.bearer;
import static dev.tollgate.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /admin/v1/keys/{kid}/revoke}: the key leaves the JWKS at once, every token
 * it signed is inactive at introspection at once, and when it was the active key another
 * takes over in the same step.
 */
class KeyRevocationTests {

	private static TestAuthServer server;

	private static Http http;

	@BeforeAll
	static void startServer() {
		server = TestAuthServer.start(TestDatabase.newDatabase());
		http = new Http(server.baseUrl());
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void revokeWhenActiveKeyThenKidLeavesJwksAndItsTokensAreInactiveAtOnceAndAnotherKeySigns() {
		String token = Tokens.service(http);
		String kid = Jwts.kid(token);
		String adminToken = Tokens.admin(http);

		Response revoked = http.send("/admin/v1/keys/" + kid + "/revoke", "POST", bearer(adminToken));

		assertThat(revoked.status()).isEqualTo(200);
		assertThat(revoked.field("kid")).isEqualTo(kid);
		assertThat(revoked.field("state")).isEqualTo("revoked");
		assertThat(revoked.field("revoked")).isNotBlank();

		assertThat(publishedKids()).doesNotContain(kid).isNotEmpty();
		Response introspection = http.postForm("/oauth2/introspect", Tokens.SERVICE, form("token", token));
		assertThat(introspection.status()).isEqualTo(200);
		assertThat(introspection.body()).isEqualTo("{\"active\":false}");

		String newToken = Tokens.service(http);
		assertThat(Jwts.kid(newToken)).isNotEqualTo(kid);
		assertThat(Jwts.jwksDecoder(server.baseUrl()).decode(newToken).getSubject()).isEqualTo("demo-service");
		assertThat(http.postForm("/oauth2/introspect", Tokens.SERVICE, form("token", newToken))
			.json()
			.get("active")
			.asBoolean()).isTrue();
	}

	@Test
	void revokeWhenActiveKeyThenAdminTokensItSignedAreRefused() {
		String adminToken = Tokens.admin(http);

		http.send("/admin/v1/keys/" + Jwts.kid(adminToken) + "/revoke", "POST", bearer(adminToken));

		Response refused = http.get("/admin/v1/keys", bearer(adminToken));
		assertThat(refused.status()).isEqualTo(401);
	}

	@Test
	void revokeWhenRetiredKeyThenItLeavesJwksAndTheActiveKeyStays() {
		String retiredKid = Jwts.kid(Tokens.service(http));
		String activeKid = http.send("/admin/v1/keys/rotate", "POST", bearer(Tokens.admin(http))).field("kid");

		Response revoked = http.send("/admin/v1/keys/" + retiredKid + "/revoke", "POST", bearer(Tokens.admin(http)));

		assertThat(revoked.status()).isEqualTo(200);
		assertThat(revoked.field("state")).isEqualTo("revoked");
		assertThat(publishedKids()).doesNotContain(retiredKid).contains(activeKid);
		assertThat(Jwts.kid(Tokens.service(http))).isEqualTo(activeKid);
	}

	@Test
	void revokeThenAuditRecordNamesTheAdminClientTheKeyAndItsSuccessor() {
		String kid = Jwts.kid(Tokens.service(http));

		http.send("/admin/v1/keys/" + kid + "/revoke", "POST", bearer(Tokens.admin(http)));

		String successor = Jwts.kid(Tokens.service(http));
		List<Map<String, Object>> events = Sql.rows(server.database(),
				"select actor, client_id, details->>'previous_state' as previous_state,"
						+ " details->>'replaced_by' as replaced_by from audit_event"
						+ " where type = 'key.revoked' and details->>'kid' = ?",
				kid);
		assertThat(events).containsExactly(Map.of("actor", "demo-admin", "client_id", "demo-admin", "previous_state",
				"active", "replaced_by", successor));
	}

	@Test
	void revokeWhenAlreadyRevokedThenSameAnswerAndOneAuditRecord() {
		String kid = Jwts.kid(Tokens.service(http));
		Response first = http.send("/admin/v1/keys/" + kid + "/revoke", "POST", bearer(Tokens.admin(http)));

		Response second = http.send("/admin/v1/keys/" + kid + "/revoke", "POST", bearer(Tokens.admin(http)));

		assertThat(second.status()).isEqualTo(200);
		assertThat(second.body()).isEqualTo(first.body());
		assertThat(Sql.rows(server.database(),
				"select id from audit_event where type = 'key.revoked' and details->>'kid' = ?", kid))
			.hasSize(1);
	}

	@Test
	void revokeWhenUnknownKidThenNotFoundProblem() {
		Response response = http.send("/admin/v1/keys/no-such-kid/revoke", "POST", bearer(Tokens.admin(http)));

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(response.body()).isEqualTo("{\"detail\":\"No signing key has kid no-such-kid\","
				+ "\"instance\":\"/admin/v1/keys/no-such-kid/revoke\",\"status\":404,\"title\":\"Not Found\"}");
	}

	private static List<String> publishedKids() {
		try {
			return JWKSet.parse(http.get("/oauth2/jwks", null).body()).getKeys().stream().map(JWK::getKeyID).toList();
		}
		catch (ParseException ex) {
			throw new AssertionError(ex);
		}
	}

}
