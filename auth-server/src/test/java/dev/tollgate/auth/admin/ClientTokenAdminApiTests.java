package dev.tollgate.auth.admin;

import java.time.Duration;
import java.util.List;

import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.Poll;
import dev.tollgate.auth.support.RefreshTokenClient;
import dev.tollgate.auth.support.RefreshTokenClient.Grant;
import dev.tollgate.auth.support.Sql;
import dev.tollgate.auth.support.TestAuthServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.tollgate.auth.admin.AdminApi.CLIENTS;
import static dev.tollgate.auth.admin.AdminApi.assertFieldProblem;
import static dev.tollgate.auth.admin.AdminApi.newClientId;
import static dev.tollgate.auth.support.Http.basic;
import static dev.tollgate.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secret rotation and token revocation in the admin API, and their effect on the secrets
 * and tokens a client already holds.
 */
class ClientTokenAdminApiTests {

	private static TestAuthServer server;

	private static Http http;

	private static AdminApi api;

	@BeforeAll
	static void startServer() {
		server = TestAuthServer.shared();
		http = new Http(server.baseUrl());
		api = new AdminApi(http);
	}

	@Test
	void rotateSecretWhenNoGracePeriodThenOnlyTheNewSecretWorks() {
		String clientId = newClientId("svc");
		String oldSecret = api.createService(clientId).field("client_secret");

		Response rotated = http.post(CLIENTS + "/" + clientId + "/secret", api.admin(), null, "");

		assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
		String newSecret = rotated.field("client_secret");
		assertThat(newSecret).hasSize(43).isNotEqualTo(oldSecret);
		assertThat(tokenStatus(clientId, oldSecret)).isEqualTo(401);
		assertThat(tokenStatus(clientId, newSecret)).isEqualTo(200);
		assertThat(auditDetails("client.secret_rotated", clientId))
			.isEqualTo("{\"grace_period\":\"PT0S\",\"previous_secret_valid_until\":null}");
	}

	@Test
	void rotateSecretWhenGracePeriodThenBothWorkUntilItEndsThenOnlyTheNew() {
		String clientId = newClientId("svc");
		String oldSecret = api.createService(clientId).field("client_secret");

		Response rotated = http.post(CLIENTS + "/" + clientId + "/secret", api.admin(), "application/json",
				"{\"grace_period\":\"PT1H\"}");

		String newSecret = rotated.field("client_secret");
		assertThat(tokenStatus(clientId, oldSecret)).isEqualTo(200);
		assertThat(tokenStatus(clientId, newSecret)).isEqualTo(200);
		assertThat(http
			.postForm("/oauth2/token", null,
					form("grant_type", "client_credentials", "client_id", clientId, "client_secret", "wrong-secret"))
			.status()).isEqualTo(401);

		// The hour has passed. Written behind the server's back, so the change is
		// announced
		// as the repository announces its own, for the cached client to be forgotten.
		Sql.rows(server.database(),
				"with changed as (update registered_client"
						+ " set previous_client_secret_expires_at = now() - interval '1 second' where client_id = ?"
						+ " returning id) select pg_notify('tollgate_registered_client', id) from changed",
				clientId);

		assertThat(
				Poll.until(() -> tokenStatus(clientId, oldSecret), (status) -> status == 401, Duration.ofSeconds(10)))
			.isEqualTo(401);
		assertThat(tokenStatus(clientId, newSecret)).isEqualTo(200);
		assertThat(
				Sql.rows(server.database(), "select details::text as d from audit_event where client_id = ?", clientId))
			.allSatisfy((row) -> assertThat(row.get("d").toString()).doesNotContain(oldSecret, newSecret));
	}

	@Test
	void rotateSecretWhenBadGracePeriodOrPublicClientThenProblem() {
		String clientId = newClientId("svc");
		api.createService(clientId);
		String path = CLIENTS + "/" + clientId + "/secret";
		String detail = "grace_period: must be an ISO-8601 duration from PT0S to P7D, such as PT1H";

		for (String body : List.of("{\"grace_period\":\"P8D\"}", "{\"grace_period\":\"-PT1H\"}",
				"{\"grace_period\":\"soon\"}", "{\"grace_period\":3600}")) {
			assertFieldProblem(http.post(path, api.admin(), "application/json", body), 400, "grace_period", detail);
		}
		assertFieldProblem(http.post(path, api.admin(), "application/json", "{\"expires\":\"PT1H\"}"), 400, "expires",
				"expires: is not a field of a secret rotation; the only one is grace_period");
		Response publicClient = http.post(CLIENTS + "/demo-app/secret", api.admin(), null, "");
		assertThat(publicClient.status()).isEqualTo(409);
		assertThat(publicClient.field("detail"))
			.isEqualTo("Client demo-app authenticates with none and has no secret to rotate");
		assertThat(http.post(CLIENTS + "/no-such-client/secret", api.admin(), null, "").status()).isEqualTo(404);
	}

	@Test
	void revokeClientTokensWhenTokensIssuedThenInactiveInTheFeedAndRefreshRefused() {
		RefreshTokenClient client = RefreshTokenClient.builder().register(server);
		Grant grant = client.grant("alice");
		Response refreshed = client.refresh(grant.refreshToken());
		String accessToken = refreshed.field("access_token");

		Response revoked = http.post(CLIENTS + "/" + client.clientId() + "/revoke-tokens", api.admin(), null, "");

		assertThat(revoked.status()).isEqualTo(200);
		assertThat(revoked.body()).isEqualTo("{\"revoked_authorizations\":1}");
		assertThat(api.active(accessToken)).isFalse();
		assertThat(api.revokedJtis()).contains(AdminApi.jti(accessToken));
		Response refresh = client.refresh(refreshed.field("refresh_token"));
		assertThat(refresh.status()).isEqualTo(400);
		assertThat(refresh.field("error")).isEqualTo("invalid_grant");
		assertThat(http.post(CLIENTS + "/" + client.clientId() + "/revoke-tokens", api.admin(), null, "").body())
			.isEqualTo("{\"revoked_authorizations\":0}");
		assertThat(auditDetails("client.tokens_revoked", client.clientId()))
			.isEqualTo("{\"revoked_authorizations\":0}");
	}

	@Test
	void revokeClientTokensWhenClientCredentialsTokenThenInactive() {
		String clientId = newClientId("svc");
		String secret = api.createService(clientId).field("client_secret");
		String first = api.token(clientId, secret);
		String second = api.token(clientId, secret);

		Response revoked = http.post(CLIENTS + "/" + clientId + "/revoke-tokens", api.admin(), null, "");

		assertThat(revoked.body()).isEqualTo("{\"revoked_authorizations\":2}");
		assertThat(api.active(first)).isFalse();
		assertThat(api.active(second)).isFalse();
		assertThat(api.revokedJtis()).contains(AdminApi.jti(first), AdminApi.jti(second));
		assertThat(api.active(api.token(clientId, secret))).isTrue();
	}

	@Test
	void revokeUserTokensWhenUserHasGrantsThenEveryGrantRevoked() {
		RefreshTokenClient first = RefreshTokenClient.builder().register(server);
		RefreshTokenClient second = RefreshTokenClient.builder().register(server);
		String accessToken = first.refresh(first.grant("alice").refreshToken()).field("access_token");
		Grant other = second.grant("alice");
		String serviceToken = api.token("demo-service", "demo-service-secret");

		Response revoked = http.post("/admin/v1/users/alice/revoke-tokens", api.admin(), null, "");

		assertThat(revoked.status()).isEqualTo(200);
		assertThat(revoked.json().get("revoked_authorizations").asInt()).isGreaterThanOrEqualTo(2);
		assertThat(api.active(accessToken)).isFalse();
		assertThat(api.revokedJtis()).contains(AdminApi.jti(accessToken));
		assertThat(second.refresh(other.refreshToken()).field("error")).isEqualTo("invalid_grant");
		assertThat(api.active(serviceToken)).isTrue();
	}

	@Test
	void revokeUserTokensWhenUnknownUserThenNotFound() {
		Response response = http.post("/admin/v1/users/nobody/revoke-tokens", api.admin(), null, "");

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.field("detail")).isEqualTo("No user has username nobody");
	}

	private static int tokenStatus(String clientId, String secret) {
		return http.postForm("/oauth2/token", basic(clientId, secret), form("grant_type", "client_credentials"))
			.status();
	}

	private static String auditDetails(String type, String clientId) {
		Response audit = http.get("/admin/v1/audit?type=" + type + "&client_id=" + clientId, api.admin());
		return audit.json().get("items").get(0).get("details").toString();
	}

}
