package dev.tollgate.auth.authorization;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tollgate.auth.authorization.JpaOAuth2AuthorizationService.StoredAuthorization;
import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.Pkce;
import dev.tollgate.auth.support.RefreshTokenClient;
import dev.tollgate.auth.support.RefreshTokenClient.Grant;
import dev.tollgate.auth.support.Sql;
import dev.tollgate.auth.support.TestAuthServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;

import static dev.tollgate.auth.authorization.RefreshTokenReuseTests.INVALID_GRANT;
import static dev.tollgate.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write of a refresh that was decided on a row read without a lock: it lands only on
 * the row version it read, together with the rotated-out token's history entry, and
 * leaves every column a refresh does not change as it was.
 */
class RefreshTokenRotationWriteTests {

	private static TestAuthServer server;

	private static RefreshTokenClient client;

	private static JpaOAuth2AuthorizationService authorizations;

	@BeforeAll
	static void registerClient() {
		server = TestAuthServer.shared();
		client = RefreshTokenClient.builder().register(server);
		authorizations = server.bean(JpaOAuth2AuthorizationService.class);
	}

	@Test
	void refreshWhenCurrentTokenThenHistoryNamesTheSuccessorAndTheAttributesColumnIsUntouched() {
		Grant grant = client.grant("alice");
		Map<String, Object> before = row(grant.authorizationId());

		Response response = client.refresh(grant.refreshToken());

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		String successor = response.field("refresh_token");
		Map<String, Object> after = row(grant.authorizationId());
		assertThat(after.get("refresh_token_hash")).isEqualTo(TokenHash.of(successor));
		assertThat(after.get("access_token_hash")).isEqualTo(TokenHash.of(response.field("access_token")));
		assertThat(after.get("attributes")).isEqualTo(before.get("attributes"));
		assertThat(after.get("refresh_token_chain_issued_at")).isEqualTo(before.get("refresh_token_chain_issued_at"));
		assertThat(after.get("created_at")).isEqualTo(before.get("created_at"));
		assertThat(history(grant.refreshToken())).singleElement()
			.satisfies((entry) -> assertThat(entry).containsEntry("authorization_id", grant.authorizationId())
				.containsEntry("replaced_by_hash", TokenHash.of(successor)));
	}

	@Test
	void rotateWhenTheGrantWasRevokedAfterTheReadThenNothingIsWrittenAndTheGrantStaysRevoked() {
		Grant grant = client.grant("alice");
		String current = client.refresh(grant.refreshToken()).field("refresh_token");
		StoredAuthorization stored = authorizations.findByRefreshTokenToRotate(current);
		Response revoked = new Http(server.baseUrl()).postForm("/oauth2/revoke", client.authorizationHeader(),
				form("token", current));
		assertThat(revoked.status()).isEqualTo(200);

		boolean written = authorizations.rotate(stored, rotated(stored));

		assertThat(written).isFalse();
		assertThat(history(current)).isEmpty();
		assertThat(row(grant.authorizationId()).get("refresh_token_hash")).isEqualTo(TokenHash.of(current));
		assertThat(client.refresh(current).body()).isEqualTo(INVALID_GRANT);
		assertThat(client.introspect(current).body()).isEqualTo("{\"active\":false}");
	}

	@Test
	void rotateWhenAnotherRefreshRotatedTheTokenAfterTheReadThenNothingIsWrittenAndThatRotationStands() {
		Grant grant = client.grant("alice");
		StoredAuthorization stored = authorizations.findByRefreshTokenToRotate(grant.refreshToken());
		String successor = client.refresh(grant.refreshToken()).field("refresh_token");

		boolean written = authorizations.rotate(stored, rotated(stored));

		assertThat(written).isFalse();
		assertThat(row(grant.authorizationId()).get("refresh_token_hash")).isEqualTo(TokenHash.of(successor));
		assertThat(history(grant.refreshToken())).hasSize(1);
		assertThat(client.refresh(successor).status()).isEqualTo(200);
	}

	@Test
	void rotateWhenTheRowIsUnchangedSinceTheReadThenItWritesOnceAndASecondWriteOfTheSameReadIsRefused() {
		Grant grant = client.grant("alice");
		StoredAuthorization stored = authorizations.findByRefreshTokenToRotate(grant.refreshToken());
		OAuth2Authorization first = rotated(stored);

		assertThat(authorizations.rotate(stored, first)).isTrue();
		assertThat(authorizations.rotate(stored, rotated(stored))).isFalse();

		String firstRefreshToken = first.getRefreshToken().getToken().getTokenValue();
		assertThat(row(grant.authorizationId()).get("refresh_token_hash")).isEqualTo(TokenHash.of(firstRefreshToken));
		assertThat(client.refresh(firstRefreshToken).status()).isEqualTo(200);
	}

	@Test
	void introspectWhenRefreshTokenWithoutTokenTypeHintThenActive() {
		Grant grant = client.grant("alice");
		Response refreshed = client.refresh(grant.refreshToken());

		Response introspected = client.introspect(refreshed.field("refresh_token"));

		assertThat(introspected.status()).isEqualTo(200);
		assertThat(introspected.field("active")).isEqualTo("true");
		assertThat(client.introspect(refreshed.field("access_token")).field("active")).isEqualTo("true");
	}

	/** What the refresh-token grant makes of a stored authorization: new tokens. */
	private static OAuth2Authorization rotated(StoredAuthorization stored) {
		Instant now = Instant.now();
		return OAuth2Authorization.from(stored.authorization())
			.accessToken(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, Pkce.randomValue(), now,
					now.plusSeconds(300), Set.of(RefreshTokenClient.SCOPE)))
			.refreshToken(new OAuth2RefreshToken(Pkce.randomValue(), now, now.plusSeconds(3600)))
			.build();
	}

	private static Map<String, Object> row(String authorizationId) {
		return Sql.rows(server.database(), "select * from oauth2_authorization where id = ?", authorizationId).get(0);
	}

	private static List<Map<String, Object>> history(String refreshToken) {
		return Sql.rows(server.database(), "select * from oauth2_refresh_token_history where refresh_token_hash = ?",
				TokenHash.of(refreshToken));
	}

}
