package dev.tollgate.auth.key;

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
import tools.jackson.databind.JsonNode;

import org.springframework.security.oauth2.jwt.Jwt;

import static dev.tollgate.auth.support.Http.bearer;
import static dev.tollgate.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /admin/v1/keys/rotate}: a new key signs at once, and the previous one stays
 * published, so the tokens it signed keep verifying and stay active until they expire.
 */
class KeyRotationTests {

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
	void rotateWhenTokenIssuedBeforeThenOldTokenStillVerifiesAndIsActiveAndNewTokensCarryTheNewKid() {
		String oldToken = Tokens.service(http);
		String oldKid = Jwts.kid(oldToken);

		Response rotated = http.send("/admin/v1/keys/rotate", "POST", bearer(Tokens.admin(http)));

		assertThat(rotated.status()).isEqualTo(200);
		String newKid = rotated.field("kid");
		assertThat(newKid).isNotEqualTo(oldKid);
		assertThat(rotated.field("state")).isEqualTo("active");
		assertThat(rotated.field("alg")).isEqualTo("RS256");

		String newToken = Tokens.service(http);
		assertThat(Jwts.kid(newToken)).isEqualTo(newKid);

		Jwt oldJwt = Jwts.jwksDecoder(server.baseUrl()).decode(oldToken);
		Jwt newJwt = Jwts.jwksDecoder(server.baseUrl()).decode(newToken);
		assertThat(oldJwt.getClaimAsString("client_id")).isEqualTo("demo-service");
		assertThat(newJwt.getClaimAsString("client_id")).isEqualTo("demo-service");

		Response introspection = http.postForm("/oauth2/introspect", Tokens.SERVICE, form("token", oldToken));
		assertThat(introspection.json().get("active").asBoolean()).isTrue();
		assertThat(publishedKids()).contains(oldKid, newKid);
	}

	@Test
	void rotateThenPreviousKeyIsRetiredAndTheListShowsBoth() {
		String previousKid = Jwts.kid(Tokens.service(http));

		String newKid = http.send("/admin/v1/keys/rotate", "POST", bearer(Tokens.admin(http))).field("kid");

		JsonNode items = http.get("/admin/v1/keys", bearer(Tokens.admin(http))).json().get("items");
		JsonNode previous = find(items, previousKid);
		JsonNode current = find(items, newKid);
		assertThat(previous.get("state").asString()).isEqualTo("retired");
		assertThat(previous.get("retired").isNull()).isFalse();
		assertThat(current.get("state").asString()).isEqualTo("active");
		assertThat(current.get("activated").asString()).isNotBlank();
		assertThat(items.valueStream().filter((key) -> "active".equals(key.get("state").asString()))).hasSize(1);
	}

	@Test
	void rotateThenAuditRecordNamesTheAdminClientAndBothKids() {
		String previousKid = Jwts.kid(Tokens.service(http));

		String newKid = http.send("/admin/v1/keys/rotate", "POST", bearer(Tokens.admin(http))).field("kid");

		List<Map<String, Object>> events = Sql.rows(server.database(),
				"select actor, client_id, principal_name, remote_address, occurred_at,"
						+ " details->>'kid' as kid, details->>'previous_kid' as previous_kid,"
						+ " details->>'trigger' as trigger from audit_event"
						+ " where type = 'key.rotated' and details->>'kid' = ?",
				newKid);
		assertThat(events).hasSize(1);
		assertThat(events.get(0)).containsEntry("actor", "demo-admin")
			.containsEntry("client_id", "demo-admin")
			.containsEntry("principal_name", "demo-admin")
			.containsEntry("remote_address", "127.0.0.1")
			.containsEntry("previous_kid", previousKid)
			.containsEntry("trigger", "admin");
		assertThat(events.get(0).get("occurred_at")).isNotNull();
	}

	private static List<String> publishedKids() {
		try {
			return JWKSet.parse(http.get("/oauth2/jwks", null).body()).getKeys().stream().map(JWK::getKeyID).toList();
		}
		catch (java.text.ParseException ex) {
			throw new AssertionError(ex);
		}
	}

	private static JsonNode find(JsonNode items, String kid) {
		return items.valueStream()
			.filter((key) -> kid.equals(key.get("kid").asString()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("kid " + kid + " is not listed"));
	}

}
