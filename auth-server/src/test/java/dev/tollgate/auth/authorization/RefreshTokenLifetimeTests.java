package dev.tollgate.auth.authorization;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.RefreshTokenClient;
import dev.tollgate.auth.support.RefreshTokenClient.Grant;
import dev.tollgate.auth.support.TestAuthServer;
import dev.tollgate.auth.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.tollgate.auth.authorization.RefreshTokenReuseTests.INVALID_GRANT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two lifetimes of a chain of refresh tokens: an idle timeout, after which an unused
 * refresh token expires, and an absolute lifetime, which rotation does not reset. Both
 * are per client, with defaults from {@code tollgate.tokens.*}; this server's default
 * idle timeout is two seconds.
 */
class RefreshTokenLifetimeTests {

	private static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(2);

	private static TestAuthServer server;

	@BeforeAll
	static void startServer() {
		server = TestAuthServer.start(TestDatabase.newDatabase(),
				Map.of("tollgate.tokens.refresh-token-idle-timeout", DEFAULT_IDLE_TIMEOUT.toString()));
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void refreshWhenUnusedLongerThanTheDefaultIdleTimeoutThenInvalidGrant() throws InterruptedException {
		RefreshTokenClient client = RefreshTokenClient.builder().register(server);
		String refreshToken = client.refresh(client.grant("alice").refreshToken()).field("refresh_token");
		Thread.sleep(DEFAULT_IDLE_TIMEOUT.plusMillis(500).toMillis());

		Response response = client.refresh(refreshToken);

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body()).isEqualTo(INVALID_GRANT);
	}

	@Test
	void refreshWhenUsedWithinTheIdleTimeoutThenTheChainOutlivesIt() throws InterruptedException {
		RefreshTokenClient client = RefreshTokenClient.builder().register(server);
		String refreshToken = client.refresh(client.grant("alice").refreshToken()).field("refresh_token");

		for (int i = 0; i < 6; i++) {
			Thread.sleep(500);
			Response response = client.refresh(refreshToken);
			assertThat(response.status()).as(response.body()).isEqualTo(200);
			refreshToken = response.field("refresh_token");
		}
	}

	@Test
	void refreshWhenTheClientHasAnIdleTimeoutOfItsOwnThenItReplacesTheDefault() throws InterruptedException {
		RefreshTokenClient client = RefreshTokenClient.builder().idleTimeout(Duration.ofHours(1)).register(server);
		String refreshToken = client.refresh(client.grant("alice").refreshToken()).field("refresh_token");
		Thread.sleep(DEFAULT_IDLE_TIMEOUT.plusMillis(500).toMillis());

		Response response = client.refresh(refreshToken);

		assertThat(response.status()).as(response.body()).isEqualTo(200);
	}

	/**
	 * The chain started 57 seconds ago with a one-minute lifetime: the token the refresh
	 * issues expires with the chain, three seconds later, although it is fresh and the
	 * idle timeout is an hour.
	 */
	@Test
	void refreshWhenTheChainOutlivesItsAbsoluteLifetimeThenInvalidGrantAlthoughTheTokenIsFresh()
			throws InterruptedException {
		RefreshTokenClient client = RefreshTokenClient.builder()
			.refreshTokenTtl(Duration.ofMinutes(1))
			.idleTimeout(Duration.ofHours(1))
			.register(server);
		Grant grant = client.grant("alice", Instant.now().minusSeconds(57));
		Response rotated = client.refresh(grant.refreshToken());
		assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
		Thread.sleep(3500);

		Response response = client.refresh(rotated.field("refresh_token"));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body()).isEqualTo(INVALID_GRANT);
	}

}
