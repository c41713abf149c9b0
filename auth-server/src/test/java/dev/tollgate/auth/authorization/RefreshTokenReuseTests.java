package dev.tollgate.auth.authorization;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.tollgate.auth.support.AuditEvents;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.LogCapture;
import dev.tollgate.auth.support.RefreshTokenClient;
import dev.tollgate.auth.support.RefreshTokenClient.Grant;
import dev.tollgate.auth.support.TestAuthServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refresh-token rotation with reuse detection (OAuth 2.1 section 4.3.1, RFC 9700 section
 * 4.14.2): a rotated-out refresh token presented again revokes the whole grant, except
 * the immediately previous one inside the client's overlap window, once.
 */
class RefreshTokenReuseTests {

	static final String INVALID_GRANT = "{\"error_description\":\"The authorization grant or refresh token is"
			+ " invalid, expired, revoked, already used, or was issued to another client\",\"error\":\"invalid_grant\"}";

	private static final String REUSE_DETECTED = "refresh_token.reuse_detected";

	private static TestAuthServer server;

	private static RefreshTokenClient client;

	private static RefreshTokenClient overlapClient;

	@BeforeAll
	static void registerClients() {
		server = TestAuthServer.shared();
		client = RefreshTokenClient.builder().register(server);
		overlapClient = RefreshTokenClient.builder().reuseOverlap(Duration.ofSeconds(30)).register(server);
	}

	@Test
	void refreshWhenCurrentTokenThenNewAccessAndRefreshToken() {
		Grant grant = client.grant("alice");

		Response response = client.refresh(grant.refreshToken());

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.field("access_token")).isNotBlank();
		assertThat(response.field("refresh_token")).isNotBlank().isNotEqualTo(grant.refreshToken());
		assertThat(response.field("scope")).isEqualTo(RefreshTokenClient.SCOPE);
	}

	@Test
	void refreshWhenRotatedOutTokenPresentedAgainThenInvalidGrantAndEveryTokenOfTheGrantRevoked() {
		Grant grant = client.grant("alice");
		Response rotated = client.refresh(grant.refreshToken());
		assertThat(rotated.status()).isEqualTo(200);

		Response replayed = client.refresh(grant.refreshToken());

		assertThat(replayed.status()).isEqualTo(400);
		assertThat(replayed.body()).isEqualTo(INVALID_GRANT);
		assertThat(client.refresh(rotated.field("refresh_token")).body()).isEqualTo(INVALID_GRANT);
		assertThat(client.introspect(rotated.field("access_token")).body()).isEqualTo("{\"active\":false}");
		assertThat(client.introspect(rotated.field("refresh_token")).body()).isEqualTo("{\"active\":false}");
	}

	@Test
	void refreshWhenReuseDetectedThenAuditEventAndOneWarningNamingOnlyClientIdAndAuthorizationId() throws SQLException {
		Grant grant = client.grant("alice");
		String next = client.refresh(grant.refreshToken()).field("refresh_token");

		List<ILoggingEvent> warnings;
		List<String> lines;
		try (LogCapture log = LogCapture.start()) {
			client.refresh(grant.refreshToken());
			warnings = log.eventsOf(RefreshTokenRotation.class)
				.stream()
				.filter((event) -> event.getLevel() == Level.WARN)
				.toList();
			lines = log.lines();
		}

		assertThat(warnings).hasSize(1);
		assertThat(warnings.get(0).getArgumentArray()).containsExactly(client.clientId(), grant.authorizationId());
		assertThat(lines).noneMatch((line) -> line.contains(grant.refreshToken()) || line.contains(next));
		List<AuditEvents.Event> audit = AuditEvents.ofAuthorization(server, grant.authorizationId(), REUSE_DETECTED);
		assertThat(audit).hasSize(1);
		AuditEvents.Event event = audit.get(0);
		assertThat(event.type()).isEqualTo("refresh_token.reuse_detected");
		assertThat(event.actor()).isEqualTo(client.clientId());
		assertThat(event.clientId()).isEqualTo(client.clientId());
		assertThat(event.principalName()).isEqualTo("alice");
		assertThat(event.remoteAddress()).isEqualTo("127.0.0.1");
		assertThat(event.details()).doesNotContain(grant.refreshToken(), next);
	}

	@Test
	void refreshWhenGrantAlreadyRevokedForReuseThenInvalidGrantAndNoSecondAuditEvent() throws SQLException {
		Grant grant = client.grant("alice");
		client.refresh(grant.refreshToken());
		client.refresh(grant.refreshToken());

		Response again = client.refresh(grant.refreshToken());

		assertThat(again.body()).isEqualTo(INVALID_GRANT);
		assertThat(AuditEvents.ofAuthorization(server, grant.authorizationId(), REUSE_DETECTED)).hasSize(1);
	}

	@Test
	void refreshWhenUnknownTokenThenInvalidGrantAndTheGrantLivesOn() {
		Grant grant = client.grant("alice");

		Response unknown = client.refresh("not-a-refresh-token");

		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.body()).isEqualTo(INVALID_GRANT);
		assertThat(client.refresh(grant.refreshToken()).status()).isEqualTo(200);
	}

	@Test
	void refreshWhenRotatedOutTokenOfAnotherClientThenInvalidGrantAndThatGrantLivesOn() {
		Grant grant = client.grant("alice");
		String current = client.refresh(grant.refreshToken()).field("refresh_token");
		RefreshTokenClient otherClient = RefreshTokenClient.builder().register(server);

		Response response = otherClient.refresh(grant.refreshToken());

		assertThat(response.body()).isEqualTo(INVALID_GRANT);
		assertThat(client.refresh(current).status()).isEqualTo(200);
	}

	@Test
	void refreshWhenPreviousTokenInsideOverlapThenAcceptedOnceMoreAndAThirdTimeIsReuse() {
		Grant grant = overlapClient.grant("alice");
		assertThat(overlapClient.refresh(grant.refreshToken()).status()).isEqualTo(200);

		Response retried = overlapClient.refresh(grant.refreshToken());

		assertThat(retried.status()).as(retried.body()).isEqualTo(200);
		assertThat(retried.field("refresh_token")).isNotBlank().isNotEqualTo(grant.refreshToken());
		Response third = overlapClient.refresh(grant.refreshToken());
		assertThat(third.body()).isEqualTo(INVALID_GRANT);
		assertThat(overlapClient.refresh(retried.field("refresh_token")).body()).isEqualTo(INVALID_GRANT);
	}

	@Test
	void refreshWhenPreviousTokenInsideOverlapThenTheTokenItReplacedIsNoLongerValid() {
		Grant grant = overlapClient.grant("alice");
		String lost = overlapClient.refresh(grant.refreshToken()).field("refresh_token");
		String retried = overlapClient.refresh(grant.refreshToken()).field("refresh_token");

		Response response = overlapClient.refresh(retried);

		assertThat(response.status()).isEqualTo(200);
		assertThat(overlapClient.refresh(lost).body()).isEqualTo(INVALID_GRANT);
	}

	@Test
	void refreshWhenOlderThanThePreviousTokenInsideOverlapThenReuseRevokesTheGrant() {
		Grant grant = overlapClient.grant("alice");
		String second = overlapClient.refresh(grant.refreshToken()).field("refresh_token");
		String third = overlapClient.refresh(second).field("refresh_token");

		Response response = overlapClient.refresh(grant.refreshToken());

		assertThat(response.body()).isEqualTo(INVALID_GRANT);
		assertThat(overlapClient.refresh(third).body()).isEqualTo(INVALID_GRANT);
	}

	@Test
	void refreshWhenPreviousTokenAfterTheOverlapThenReuseRevokesTheGrant() throws InterruptedException {
		RefreshTokenClient shortOverlap = RefreshTokenClient.builder()
			.reuseOverlap(Duration.ofSeconds(1))
			.register(server);
		Grant grant = shortOverlap.grant("alice");
		String current = shortOverlap.refresh(grant.refreshToken()).field("refresh_token");
		Thread.sleep(1200);

		Response response = shortOverlap.refresh(grant.refreshToken());

		assertThat(response.body()).isEqualTo(INVALID_GRANT);
		assertThat(shortOverlap.refresh(current).body()).isEqualTo(INVALID_GRANT);
	}

}
