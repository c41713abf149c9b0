package dev.tollgate.auth.revocation;

import java.time.Instant;

import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.Jwts;
import dev.tollgate.auth.support.TestAuthServer;
import dev.tollgate.auth.support.TestDatabase;
import dev.tollgate.auth.support.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.tollgate.auth.support.Http.basic;
import static dev.tollgate.auth.support.Http.bearer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Revoked signing keys in the revocation feed, on a server of its own since revoking the
 * active key changes what every other test sees.
 */
class RevocationFeedKeyTests {

	private static final String GATEWAY = basic("demo-gateway", "demo-gateway-secret");

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
	void revocationsWhenKeyRevokedThenKidListedSinceBeforeAndNotSinceAfter() {
		long since = Instant.now().getEpochSecond() - 1;
		String kid = Jwts.kid(Tokens.service(http));
		Response revoked = http.send("/admin/v1/keys/" + kid + "/revoke", "POST", bearer(Tokens.admin(http)));
		assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
		String gatewayToken = Tokens.issue(http, GATEWAY);

		Response feed = http.get("/oauth2/revocations?since=" + since, bearer(gatewayToken));
		Response later = http.get("/oauth2/revocations?since=" + (Instant.now().getEpochSecond() + 2),
				bearer(gatewayToken));

		assertThat(feed.status()).isEqualTo(200);
		assertThat(feed.json().get("revoked_keys").values().stream().map((node) -> node.asString()))
			.containsExactly(kid);
		assertThat(later.json().get("revoked_keys").isEmpty()).isTrue();
	}

}
