package dev.tollgate.auth.key;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.Jwts;
import dev.tollgate.auth.support.Poll;
import dev.tollgate.auth.support.Sql;
import dev.tollgate.auth.support.TestAuthServer;
import dev.tollgate.auth.support.TestDatabase;
import dev.tollgate.auth.support.Tokens;
import org.junit.jupiter.api.Test;

import static dev.tollgate.auth.support.Http.bearer;
import static dev.tollgate.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two auth-server instances on one database, as behind a load balancer: they rotate once
 * per interval between them, serve the same JWKS, and a revocation on one holds on the
 * other at once.
 */
class KeySetAcrossInstancesTests {

	private static final Duration INTERVAL = Duration.ofSeconds(5);

	private static final Duration CACHE_LIFETIME = Duration.ofSeconds(1);

	private static final Map<String, Object> FAST_SCHEDULE = Map.of("tollgate.keys.rotation-interval", "PT5S",
			"tollgate.keys.jwks-cache-lifetime", "PT1S");

	@Test
	void twoInstancesOnOneDatabaseWhenIntervalsPassThenOneRotationPerIntervalAndTheSameJwks()
			throws InterruptedException {
		TestDatabase.Database database = TestDatabase.newDatabase();
		String encryptionKey = TestAuthServer.newEncryptionKey();
		try (TestAuthServer first = TestAuthServer.start(database, encryptionKey, FAST_SCHEDULE);
				TestAuthServer second = TestAuthServer.start(database, encryptionKey, FAST_SCHEDULE)) {

			// Three rotations, however late a loaded machine runs the schedulers.
			String activations = "select kid, created_at, activated_at from signing_key"
					+ " where activated_at is not null order by activated_at";
			List<Map<String, Object>> activated = Poll.until(() -> Sql.rows(database, activations),
					(rows) -> rows.size() >= 4, INTERVAL.multipliedBy(12));
			assertThat(activated).hasSizeGreaterThanOrEqualTo(4);
			for (int i = 1; i < activated.size(); i++) {
				// Two instances, one rotation per interval: never two within one. Only
				// the
				// lower bound is asserted; how late a scheduler runs is not this test's
				// concern.
				Duration gap = Duration.between(instant(activated.get(i - 1), "activated_at"),
						instant(activated.get(i), "activated_at"));
				assertThat(gap).as("time between rotations").isGreaterThanOrEqualTo(INTERVAL);
				Duration published = Duration.between(instant(activated.get(i), "created_at"),
						instant(activated.get(i), "activated_at"));
				assertThat(published).as("time published before signing").isGreaterThanOrEqualTo(CACHE_LIFETIME);
			}
			// One statement, one snapshot: rotations go on meanwhile.
			Map<String, Object> counts = Sql
				.rows(database,
						"select (select count(*) from signing_key where activated_at is not null) as activated,"
								+ " (select count(*) from audit_event where type = 'key.rotated') as rotated")
				.get(0);
			assertThat(((Number) counts.get("rotated")).longValue())
				.isEqualTo(((Number) counts.get("activated")).longValue() - 1);
			assertThat(Sql.rows(database, "select kid from signing_key where state = 'active'")).hasSize(1);

			assertSameJwks(new Http(first.baseUrl()), new Http(second.baseUrl()));
		}
	}

	@Test
	void twoInstancesWhenKeyRevokedOnOneThenTheOtherDropsItAndIntrospectsItsTokensInactiveAtOnce()
			throws InterruptedException {
		TestDatabase.Database database = TestDatabase.newDatabase();
		String encryptionKey = TestAuthServer.newEncryptionKey();
		try (TestAuthServer first = TestAuthServer.start(database, encryptionKey);
				TestAuthServer second = TestAuthServer.start(database, encryptionKey)) {
			Http firstHttp = new Http(first.baseUrl());
			Http secondHttp = new Http(second.baseUrl());
			String token = Tokens.service(secondHttp);
			String kid = Jwts.kid(token);

			firstHttp.send("/admin/v1/keys/" + kid + "/revoke", "POST", bearer(Tokens.admin(firstHttp)));

			Response introspection = secondHttp.postForm("/oauth2/introspect", Tokens.SERVICE, form("token", token));
			assertThat(introspection.body()).isEqualTo("{\"active\":false}");
			Instant revoked = Instant.now();
			while (secondHttp.get("/oauth2/jwks", null).body().contains(kid)
					&& Instant.now().isBefore(revoked.plusSeconds(5))) {
				Thread.sleep(20);
			}
			// Well inside the 30-second check interval: the change notification did it.
			assertThat(Duration.between(revoked, Instant.now())).isLessThan(Duration.ofSeconds(2));
			assertThat(Jwts.kid(Tokens.service(secondHttp))).isNotEqualTo(kid);
			assertSameJwks(firstHttp, secondHttp);
		}
	}

	private static void assertSameJwks(Http first, Http second) throws InterruptedException {
		Response firstJwks = null;
		Response secondJwks = null;
		for (int attempt = 0; attempt < 20; attempt++) {
			firstJwks = first.get("/oauth2/jwks", null);
			secondJwks = second.get("/oauth2/jwks", null);
			if (firstJwks.body().equals(secondJwks.body())) {
				break;
			}
			Thread.sleep(50);
		}
		assertThat(secondJwks.body()).isEqualTo(firstJwks.body());
		assertThat(secondJwks.header("ETag")).isEqualTo(firstJwks.header("ETag"));
	}

	private static Instant instant(Map<String, Object> row, String column) {
		Object value = row.get(column);
		return (value instanceof Timestamp timestamp) ? timestamp.toInstant() : ((OffsetDateTime) value).toInstant();
	}

}
