package dev.tollgate.auth.key;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Jwts;
import dev.tollgate.auth.support.Sql;
import dev.tollgate.auth.support.TestAuthServer;
import dev.tollgate.auth.support.TestDatabase;
import dev.tollgate.auth.support.Tokens;
import org.junit.jupiter.api.Test;

import static dev.tollgate.auth.support.Http.bearer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key schedule of one instance, sped up: keys rotate every 5 seconds and the JWKS may
 * be cached for 1 second, so each next key is published 2 seconds (one cache lifetime
 * plus one check interval) before it signs.
 */
class ScheduledRotationTests {

	private static final Duration INTERVAL = Duration.ofSeconds(5);

	private static final Duration CACHE_LIFETIME = Duration.ofSeconds(1);

	private static final Map<String, Object> FAST_SCHEDULE = Map.of("tollgate.keys.rotation-interval", "PT5S",
			"tollgate.keys.jwks-cache-lifetime", "PT1S");

	@Test
	void rotationWhenSeenByAResourceServerThenEveryKidIsInTheJwksBeforeAnyTokenCarriesIt() throws InterruptedException {
		try (TestAuthServer server = TestAuthServer.start(TestDatabase.newDatabase(), FAST_SCHEDULE)) {
			Http http = new Http(server.baseUrl());
			Map<String, Instant> firstPublished = new HashMap<>();
			Map<String, Instant> firstSigning = new HashMap<>();

			Instant end = Instant.now().plus(INTERVAL.multipliedBy(2).plusSeconds(2));
			while (Instant.now().isBefore(end)) {
				Instant now = Instant.now();
				publishedKids(http).forEach((kid) -> firstPublished.putIfAbsent(kid, now));
				firstSigning.putIfAbsent(Jwts.kid(Tokens.service(http)), Instant.now());
				Thread.sleep(100);
			}

			assertThat(firstSigning).hasSizeGreaterThanOrEqualTo(2);
			String initialKid = firstSigning.entrySet()
				.stream()
				.min(Map.Entry.comparingByValue())
				.orElseThrow()
				.getKey();
			firstSigning.forEach((kid, signing) -> {
				if (!kid.equals(initialKid)) {
					assertThat(firstPublished).containsKey(kid);
					assertThat(Duration.between(firstPublished.get(kid), signing)).as("kid %s published ahead", kid)
						.isGreaterThanOrEqualTo(CACHE_LIFETIME);
				}
			});
		}
	}

	@Test
	void retiredKeyWhenEveryTokenItSignedHasExpiredThenLeavesTheJwks() throws InterruptedException {
		try (TestAuthServer server = TestAuthServer.start(TestDatabase.newDatabase(),
				Map.of("tollgate.keys.jwks-cache-lifetime", "PT1S"))) {
			Http http = new Http(server.baseUrl());
			String expiredKid = Jwts.kid(Tokens.service(http));
			http.send("/admin/v1/keys/rotate", "POST", bearer(Tokens.admin(http)));
			String recentKid = Jwts.kid(Tokens.service(http));
			http.send("/admin/v1/keys/rotate", "POST", bearer(Tokens.admin(http)));

			// Retired long enough ago that its last ID token (30 minutes) and clock skew
			// (1 minute) are over; the other retired key is inside that window.
			Sql.update(server.database(),
					"update signing_key set retired_at = now() - interval '32 minutes'" + " where kid = ?", expiredKid);
			Sql.update(server.database(),
					"update signing_key set retired_at = now() - interval '29 minutes'" + " where kid = ?", recentKid);
			Thread.sleep(3000);

			assertThat(publishedKids(http)).doesNotContain(expiredKid).contains(recentKid);
			assertThat(Sql.rows(server.database(), "select state from signing_key where kid = ?", expiredKid))
				.containsExactly(Map.of("state", "gone"));
		}
	}

	private static List<String> publishedKids(Http http) {
		return http.get("/oauth2/jwks", null)
			.json()
			.get("keys")
			.valueStream()
			.map((key) -> key.get("kid").asString())
			.toList();
	}

}
