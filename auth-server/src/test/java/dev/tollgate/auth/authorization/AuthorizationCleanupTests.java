package dev.tollgate.auth.authorization;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;

import dev.tollgate.auth.support.RefreshTokenClient;
import dev.tollgate.auth.support.RefreshTokenClient.Grant;
import dev.tollgate.auth.support.Rows;
import dev.tollgate.auth.support.TestAuthServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which authorizations the cleanup job deletes: those that nothing can use any more, and
 * revoked ones once the revocation of their access token no longer matters. The job is
 * run here by hand; on this server its schedule would first fire minutes later.
 */
class AuthorizationCleanupTests {

	private static final String INVALIDATED = OAuth2Authorization.Token.INVALIDATED_METADATA_NAME;

	private static TestAuthServer server;

	private static RegisteredClient registeredClient;

	@BeforeAll
	static void registerClient() {
		server = TestAuthServer.shared();
		String clientId = RefreshTokenClient.builder().register(server).clientId();
		registeredClient = server.bean(RegisteredClientRepository.class).findByClientId(clientId);
	}

	@Test
	void deleteExpiredWhenEveryTokenHasExpiredThenTheAuthorizationIsDeleted() {
		String id = save((authorization) -> authorization.accessToken(accessToken(minutesAgo(10), minutesAgo(5))));

		cleanup().deleteExpired();

		assertThat(Rows.authorizationExists(server, id)).isFalse();
	}

	@Test
	void deleteExpiredWhenATokenIsStillValidThenTheAuthorizationIsKept() {
		String id = save((authorization) -> authorization.accessToken(accessToken(minutesAgo(10), minutesAgo(5)))
			.refreshToken(refreshToken(minutesAgo(10), inMinutes(60))));

		cleanup().deleteExpired();

		assertThat(Rows.authorizationExists(server, id)).isTrue();
	}

	@Test
	void deleteExpiredWhenRevokedButTheAccessTokenHasNotExpiredThenKeptForTheRevocationFeed() {
		String id = save((authorization) -> authorization
			.token(accessToken(minutesAgo(1), inMinutes(4)), (metadata) -> metadata.put(INVALIDATED, true))
			.token(refreshToken(minutesAgo(1), inMinutes(60)), (metadata) -> metadata.put(INVALIDATED, true)));

		cleanup().deleteExpired();

		assertThat(Rows.authorizationExists(server, id)).isTrue();
	}

	@Test
	void deleteExpiredWhenRevokedAndTheAccessTokenHasExpiredThenDeletedAlthoughTheRefreshTokenHasNot() {
		String id = save((authorization) -> authorization
			.token(accessToken(minutesAgo(10), minutesAgo(5)), (metadata) -> metadata.put(INVALIDATED, true))
			.token(refreshToken(minutesAgo(10), inMinutes(60)), (metadata) -> metadata.put(INVALIDATED, true)));

		cleanup().deleteExpired();

		assertThat(Rows.authorizationExists(server, id)).isFalse();
	}

	@Test
	void deleteExpiredWhenAnAuthorizationRequestAwaitsConsentThenKept() {
		String id = save((authorization) -> authorization.attribute(OAuth2ParameterNames.STATE,
				"state-" + Instant.now().toEpochMilli()));

		cleanup().deleteExpired();

		assertThat(Rows.authorizationExists(server, id)).isTrue();
	}

	@Test
	void deleteExpiredWhenAChainEndsThenItsRefreshTokenHistoryGoesWithIt() throws InterruptedException {
		RefreshTokenClient client = RefreshTokenClient.builder()
			.accessTokenTtl(Duration.ofSeconds(1))
			.refreshTokenTtl(Duration.ofSeconds(3))
			.register(server);
		Grant grant = client.grant("alice", Instant.now().minusSeconds(1));
		assertThat(client.refresh(grant.refreshToken()).status()).isEqualTo(200);
		assertThat(history(grant.authorizationId())).isEqualTo(1);
		Thread.sleep(2500);

		cleanup().deleteExpired();

		assertThat(Rows.authorizationExists(server, grant.authorizationId())).isFalse();
		assertThat(history(grant.authorizationId())).isZero();
	}

	private static String save(Consumer<OAuth2Authorization.Builder> tokens) {
		Principal principal = UsernamePasswordAuthenticationToken.authenticated("alice", null, Set.of());
		OAuth2Authorization.Builder authorization = OAuth2Authorization.withRegisteredClient(registeredClient)
			.principalName("alice")
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizedScopes(Set.of(RefreshTokenClient.SCOPE))
			.attribute(Principal.class.getName(), principal);
		tokens.accept(authorization);
		OAuth2Authorization built = authorization.build();
		server.bean(OAuth2AuthorizationService.class).save(built);
		return built.getId();
	}

	private static OAuth2AccessToken accessToken(Instant issuedAt, Instant expiresAt) {
		return new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "access-" + System.nanoTime(), issuedAt,
				expiresAt, Set.of(RefreshTokenClient.SCOPE));
	}

	private static OAuth2RefreshToken refreshToken(Instant issuedAt, Instant expiresAt) {
		return new OAuth2RefreshToken("refresh-" + System.nanoTime(), issuedAt, expiresAt);
	}

	private static Instant minutesAgo(long minutes) {
		return Instant.now().minus(Duration.ofMinutes(minutes));
	}

	private static Instant inMinutes(long minutes) {
		return Instant.now().plus(Duration.ofMinutes(minutes));
	}

	private static int history(String authorizationId) {
		return Rows.count(server, "oauth2_refresh_token_history", "authorization_id = ?", authorizationId);
	}

	private static AuthorizationCleanup cleanup() {
		return server.bean(AuthorizationCleanup.class);
	}

}
