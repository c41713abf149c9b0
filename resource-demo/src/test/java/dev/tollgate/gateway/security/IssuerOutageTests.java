package dev.tollgate.gateway.security;

import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tollgate.gateway.support.Http;
import dev.tollgate.gateway.support.StubIssuer;
import dev.tollgate.gateway.support.TestDatabase;
import dev.tollgate.gateway.support.TestGateway;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway and its issuer's JWKS over time: cached keys keep working while the issuer
 * is down, a key rotated in is fetched when a token names it, and a gateway that never
 * got the keys answers 503, not 401 or 500. The gateway here keeps the JWKS one second
 * and may fetch it once a second, so that the test sees several cache lifetimes.
 */
class IssuerOutageTests {

	private static StubIssuer issuer;

	private static TestGateway gateway;

	@BeforeAll
	static void startIssuerAndGateway() {
		issuer = StubIssuer.startNew();
		gateway = TestGateway.start(TestDatabase.newDatabase(), issuer.url(),
				Map.of("tollgate.gateway.jwks-cache-ttl", "PT1S", "tollgate.gateway.jwks-refresh-interval", "PT1S"));
	}

	@AfterAll
	static void stop() {
		gateway.close();
		issuer.close();
	}

	@Test
	void tokensWhenIssuerStoppedThenStillVerifiedWithCachedJwks() throws InterruptedException {
		// given a gateway that fetched the JWKS, then an issuer that stops answering
		Http http = gateway.http();
		assertThat(http.get("/v1/models", issuer.token(newClientId()).sign()).status()).isEqualTo(200);
		issuer.stop();
		try {
			// and a cache lifetime and a refresh interval that pass, the refresh failing
			Thread.sleep(1500);

			// when tokens the gateway has never seen arrive
			Http.Response fresh = http.get("/v1/models", issuer.token(newClientId()).sign());
			Http.Response unknownKey = http.get("/v1/models",
					issuer.token(newClientId()).signWith(StubIssuer.unpublishedKey("unknown-while-down")));

			// then the cached keys verify them:
			// the issuer's key is still trusted, others are not
			assertThat(fresh.status()).isEqualTo(200);
			assertThat(unknownKey.status()).isEqualTo(401);
		}
		finally {
			issuer.listen();
		}
	}

	@Test
	void tokenWhenSignedWithKeyRotatedInThenJwksFetchedAndTokenAccepted() throws InterruptedException {
		Http http = gateway.http();
		assertThat(http.get("/v1/models", issuer.token(newClientId()).sign()).status()).isEqualTo(200);
		RSAKey rotated = issuer.rotate();
		Thread.sleep(1100);

		Http.Response response = http.get("/v1/models", issuer.token(newClientId()).signWith(rotated));

		assertThat(response.status()).isEqualTo(200);
	}

	@Test
	void tokenWhenIssuerNeverAnsweredThenServiceUnavailable() {
		StubIssuer silent = StubIssuer.startNew();
		String token = silent.token(newClientId()).sign();
		silent.stop();
		try (TestGateway lonely = TestGateway.start(TestDatabase.newDatabase(), silent.url(), Map.of())) {

			Http.Response response = lonely.http().get("/v1/models", token);

			assertThat(response.status()).isEqualTo(503);
			assertThat(response.body()).isEqualTo("{\"error\":{\"message\":\"The issuer's keys cannot be fetched from "
					+ silent.url() + ", so no access token can be verified. Please try again later.\","
					+ "\"type\":\"server_error\",\"code\":\"issuer_unavailable\"}}");
		}
	}

	private static String newClientId() {
		return "client-" + UUID.randomUUID();
	}

}
