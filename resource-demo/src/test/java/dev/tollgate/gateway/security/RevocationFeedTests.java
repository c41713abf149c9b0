package dev.tollgate.gateway.security;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tollgate.gateway.support.Chat;
import dev.tollgate.gateway.support.Http;
import dev.tollgate.gateway.support.StubIssuer;
import dev.tollgate.gateway.support.TestDatabase;
import dev.tollgate.gateway.support.TestGateway;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The issuer's revocation feed, polled every 0.5 s here: a token accepted before, even
 * one in the cache of verified tokens, is refused within a poll interval once its
 * {@code jti} or its {@code kid} is listed.
 */
class RevocationFeedTests {

	private static final String CHAT = Chat.request("echo-small", "hi", null);

	private static StubIssuer issuer;

	private static TestGateway gateway;

	private static Http http;

	@BeforeAll
	static void startGateway() {
		issuer = StubIssuer.startNew();
		gateway = TestGateway.start(TestDatabase.newDatabase(), issuer.url(),
				Map.of("tollgate.gateway.revocation-poll-interval", "PT0.5S"));
		http = gateway.http();
	}

	@AfterAll
	static void stop() {
		gateway.close();
		issuer.close();
	}

	@Test
	void requestWhenJtiListedInFeedThenRefusedWithinOnePollInterval() throws ParseException {
		String token = issuer.token(newClientId()).sign();
		String other = issuer.token(newClientId()).sign();
		assertThat(http.post("/v1/chat/completions", token, CHAT).status()).isEqualTo(200);
		assertThat(http.post("/v1/chat/completions", token, CHAT).status()).as("from the cache").isEqualTo(200);

		issuer.revokeToken(SignedJWT.parse(token).getJWTClaimsSet().getJWTID(), Instant.now().plusSeconds(300));

		assertRevokedWithin(Duration.ofMillis(1500), token, "The access token was revoked.");
		assertThat(http.post("/v1/chat/completions", other, CHAT).status()).isEqualTo(200);
	}

	@Test
	void requestWhenKidListedInFeedThenRefusedWithinOnePollInterval() {
		String esToken = issuer.token(newClientId()).signEs256();
		String rsToken = issuer.token(newClientId()).sign();
		assertThat(http.post("/v1/chat/completions", esToken, CHAT).status()).isEqualTo(200);
		assertThat(http.post("/v1/chat/completions", rsToken, CHAT).status()).isEqualTo(200);

		issuer.revokeKey(issuer.ecKey().getKeyID());

		assertRevokedWithin(Duration.ofMillis(1500), esToken,
				"The access token was revoked: its signing key was revoked.");
		assertThat(http.post("/v1/chat/completions", rsToken, CHAT).status()).isEqualTo(200);
	}

	@Test
	void requestWhenFeedFailsAfterARevocationThenTokenStaysRefused() throws ParseException, InterruptedException {
		String token = issuer.token(newClientId()).sign();
		assertThat(http.post("/v1/chat/completions", token, CHAT).status()).isEqualTo(200);
		issuer.revokeToken(SignedJWT.parse(token).getJWTClaimsSet().getJWTID(), Instant.now().plusSeconds(300));
		assertRevokedWithin(Duration.ofMillis(1500), token, "The access token was revoked.");

		issuer.stop();
		try {
			Thread.sleep(1200);

			assertRevokedWithin(Duration.ZERO, token, "The access token was revoked.");
		}
		finally {
			issuer.listen();
		}
		int answered = issuer.feedRequests();
		Instant deadline = Instant.now().plusSeconds(3);
		while (issuer.feedRequests() == answered && Instant.now().isBefore(deadline)) {
			sleep();
		}
		assertThat(issuer.feedRequests()).as("polls again once the issuer is back").isGreaterThan(answered);
	}

	/** One poll interval (0.5 s) plus the time a request and a poll take. */
	private static void assertRevokedWithin(Duration limit, String token, String message) {
		Instant deadline = Instant.now().plus(limit);
		Http.Response response = http.post("/v1/chat/completions", token, CHAT);
		while (response.status() == 200 && Instant.now().isBefore(deadline)) {
			sleep();
			response = http.post("/v1/chat/completions", token, CHAT);
		}
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.body()).isEqualTo("{\"error\":{\"message\":" + Http.Response.quote(message)
				+ ",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}");
	}

	private static void sleep() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	private static String newClientId() {
		return "client-" + UUID.randomUUID();
	}

}
