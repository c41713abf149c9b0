package dev.tollgate.auth.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.Jwts;
import dev.tollgate.auth.support.RefreshTokenClient;
import dev.tollgate.auth.support.RefreshTokenClient.Grant;
import dev.tollgate.auth.support.Sql;
import dev.tollgate.auth.support.TestAuthServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.tollgate.auth.admin.AdminApi.CLIENTS;
import static dev.tollgate.auth.admin.AdminApi.assertFieldProblem;
import static dev.tollgate.auth.admin.AdminApi.newClientId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /admin/v1/clients}: register, list, read, change and delete clients over HTTP,
 * and what each does to what the client can do and to tokens already issued.
 */
class ClientAdminApiTests {

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
	void createWhenConfidentialServiceThenCreatedWithSecretOnceAndTheClientGetsTokens() {
		String clientId = newClientId("svc");

		Response created = api.createService(clientId);

		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(created.header("Location")).isEqualTo(CLIENTS + "/" + clientId);
		JsonNode body = created.json();
		String secret = body.get("client_secret").asString();
		assertThat(secret).hasSize(43);
		assertThat(created.body()).isEqualTo("{\"client_id\":\"" + clientId + "\",\"client_name\":\"" + clientId
				+ "\",\"client_id_issued_at\":" + body.get("client_id_issued_at").asLong()
				+ ",\"grant_types\":[\"client_credentials\"],\"redirect_uris\":[],\"scope\":\"llm.chat\","
				+ "\"token_endpoint_auth_method\":\"client_secret_basic\",\"access_token_ttl\":\"PT5M\","
				+ "\"refresh_token_ttl\":\"P30D\",\"client_secret\":\"" + secret
				+ "\",\"client_secret_expires_at\":0}");

		Map<String, Object> claims = Jwts.verifiedClaims(http, api.token(clientId, secret));
		assertThat(claims).containsEntry("client_id", clientId).containsEntry("scope", "llm.chat");
		Response read = http.get(CLIENTS + "/" + clientId, api.admin());
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.json().has("client_secret")).isFalse();
		assertThat(Sql
			.rows(server.database(), "select client_secret_hash from registered_client where client_id = ?", clientId)
			.get(0)
			.get("client_secret_hash")
			.toString()).startsWith("{sha256}").doesNotContain(secret);
	}

	@Test
	void createWhenPublicClientThenNoSecretAndPkceCodeFlowMetadata() {
		String clientId = newClientId("app");

		Response created = api.create("{\"client_id\":\"" + clientId + "\",\"client_name\":\"Chat app\","
				+ "\"grant_types\":[\"authorization_code\",\"refresh_token\"],\"token_endpoint_auth_method\":\"none\","
				+ "\"redirect_uris\":[\"https://app.example/cb\",\"http://127.0.0.1:7000/cb\"],"
				+ "\"scope\":\"openid llm.chat\",\"access_token_ttl\":\"PT10M\",\"refresh_token_ttl\":\"P1D\"}");

		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(created.body()).isEqualTo("{\"client_id\":\"" + clientId + "\",\"client_name\":\"Chat app\","
				+ "\"client_id_issued_at\":" + created.json().get("client_id_issued_at").asLong()
				+ ",\"grant_types\":[\"authorization_code\",\"refresh_token\"],"
				+ "\"redirect_uris\":[\"http://127.0.0.1:7000/cb\",\"https://app.example/cb\"],"
				+ "\"scope\":\"llm.chat openid\",\"token_endpoint_auth_method\":\"none\","
				+ "\"access_token_ttl\":\"PT10M\",\"refresh_token_ttl\":\"P1D\"}");
	}

	@Test
	void createWhenClientIdTakenThenConflictNamingIt() {
		assertFieldProblem(api.createService("demo-service"), 409, "client_id",
				"client_id: a client with client_id demo-service exists already");
	}

	@Test
	void createWhenClientIdLeftOutThenTheServerChoosesOne() {
		Response created = api.create("{\"grant_types\":[\"client_credentials\"],\"scope\":\"llm.chat\"}");

		assertThat(created.status()).isEqualTo(201);
		assertThat(created.field("client_id")).matches("[0-9a-f-]{36}");
		assertThat(created.header("Location")).isEqualTo(CLIENTS + "/" + created.field("client_id"));
	}

	@Test
	void createWhenInvalidThenProblemNamingTheField() {
		String cc = "\"grant_types\":[\"client_credentials\"],\"scope\":\"llm.chat\"";
		String code = "\"grant_types\":[\"authorization_code\"],\"scope\":\"openid\"";
		List<String[]> cases = new ArrayList<>();
		cases.add(new String[] { "{" + cc + ",\"logo_uri\":\"https://x\"}", "logo_uri",
				"logo_uri: is not a field of a client; known fields are "
						+ String.join(", ", ClientRegistrationReader.FIELDS) });
		cases.add(new String[] { "{" + cc + ",\"client_secret\":\"mine\"}", "client_secret",
				"client_secret: is generated by the server; rotate it with POST /admin/v1/clients/{clientId}/secret" });
		cases.add(new String[] { "{\"grant_types\":[\"implicit\"],\"scope\":\"a\"}", "grant_types",
				"grant_types: holds implicit, which OAuth 2.1 removed; use authorization_code with PKCE" });
		cases.add(new String[] { "{\"grant_types\":[\"password\"],\"scope\":\"a\"}", "grant_types",
				"grant_types: holds password, which OAuth 2.1 removed; use authorization_code with PKCE" });
		cases.add(new String[] { "{\"grant_types\":[\"jwt-bearer\"],\"scope\":\"a\"}", "grant_types",
				"grant_types: holds jwt-bearer, which is not one of authorization_code, refresh_token,"
						+ " client_credentials, urn:ietf:params:oauth:grant-type:device_code" });
		cases.add(new String[] { "{\"grant_types\":[],\"scope\":\"a\"}", "grant_types",
				"grant_types: is required: a non-empty array of authorization_code, refresh_token,"
						+ " client_credentials, urn:ietf:params:oauth:grant-type:device_code" });
		cases.add(new String[] { "{\"grant_types\":\"client_credentials\",\"scope\":\"a\"}", "grant_types",
				"grant_types: must be an array of strings" });
		cases.add(new String[] { "{\"grant_types\":[\"refresh_token\"],\"scope\":\"a\"}", "grant_types",
				"grant_types: refresh_token needs authorization_code or urn:ietf:params:oauth:grant-type:device_code,"
						+ " which issue the first one" });
		cases.add(new String[] { "{" + cc + ",\"token_endpoint_auth_method\":\"none\"}", "grant_types",
				"grant_types: client_credentials needs a confidential client, not token_endpoint_auth_method none" });
		cases.add(new String[] { "{" + code + "}", "redirect_uris",
				"redirect_uris: is required for authorization_code: at least one URI" });
		cases.add(new String[] { "{" + cc + ",\"redirect_uris\":[\"https://a.example/cb\"]}", "redirect_uris",
				"redirect_uris: is only for the authorization_code grant" });
		cases.add(new String[] { "{" + code + ",\"redirect_uris\":[\"/cb\"]}", "redirect_uris",
				"redirect_uris: holds /cb, which must be an absolute URI with a host" });
		cases.add(new String[] { "{" + code + ",\"redirect_uris\":[\"https://a.example/cb#x\"]}", "redirect_uris",
				"redirect_uris: holds https://a.example/cb#x, which must not have a fragment" });
		cases.add(new String[] { "{" + code + ",\"redirect_uris\":[\"http://a.example/cb\"]}", "redirect_uris",
				"redirect_uris: holds http://a.example/cb, which must use https; http is allowed only on the"
						+ " loopback addresses 127.0.0.1 and [::1]" });
		cases.add(new String[] { "{\"grant_types\":[\"client_credentials\"]}", "scope",
				"scope: is required: scope names separated by single spaces" });
		cases.add(new String[] { "{\"grant_types\":[\"client_credentials\"],\"scope\":\"a  b\"}", "scope",
				"scope: holds \"\", which is not a scope name (RFC 6749 section 3.3: printable ASCII without"
						+ " space, '\"' or '\\\\')" });
		cases.add(new String[] { "{" + cc + ",\"token_endpoint_auth_method\":\"client_secret_jwt\"}",
				"token_endpoint_auth_method", "token_endpoint_auth_method: must be one of client_secret_basic,"
						+ " client_secret_post, private_key_jwt, none" });
		cases.add(new String[] { "{" + cc + ",\"token_endpoint_auth_method\":\"private_key_jwt\"}", "jwks_uri",
				"jwks_uri: is required for private_key_jwt" });
		cases.add(new String[] { "{" + cc + ",\"jwks\":{\"keys\":[]}}", "jwks",
				"jwks: is not supported; publish the client's keys at a jwks_uri instead" });
		cases.add(new String[] { "{" + cc + ",\"jwks_uri\":\"https://a.example/jwks\"}", "jwks_uri",
				"jwks_uri: is only for token_endpoint_auth_method private_key_jwt" });
		cases.add(new String[] { "{" + cc + ",\"access_token_ttl\":\"PT10S\"}", "access_token_ttl",
				"access_token_ttl: must be an ISO-8601 duration from PT1M to P1D, such as PT5M" });
		cases.add(new String[] { "{" + cc + ",\"access_token_ttl\":300}", "access_token_ttl",
				"access_token_ttl: must be a string" });
		cases.add(new String[] { "{" + cc + ",\"refresh_token_ttl\":\"forever\"}", "refresh_token_ttl",
				"refresh_token_ttl: must be an ISO-8601 duration from PT5M to P365D, such as PT5M" });
		cases.add(new String[] { "{" + cc + ",\"client_id\":\"has space\"}", "client_id",
				"client_id: must be 1 to 100 letters, digits, '.', '_', '~' or '-', starting with a letter or digit" });
		cases.add(new String[] { "[]", "body", "body: must be a JSON object" });

		for (String[] invalid : cases) {
			assertFieldProblem(api.create(invalid[0]), 400, invalid[1], invalid[2]);
		}
	}

	@Test
	void createWhenMalformedJsonThenBadRequestProblem() {
		Response response = api.create("{\"grant_types\":");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
	}

	@Test
	void createWhenBodyTooLargeThenContentTooLargeProblem() {
		Response response = api.create("{\"client_name\":\"" + "x".repeat(70_000) + "\"}");

		assertThat(response.status()).isEqualTo(413);
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(response.field("detail")).isEqualTo("The request body is larger than 65536 bytes");
	}

	@Test
	void createWhenPrivateKeyJwtThenNoSecretAndItsKeySettings() {
		String clientId = newClientId("jwt");

		Response created = api.create("{\"client_id\":\"" + clientId + "\",\"grant_types\":[\"client_credentials\"],"
				+ "\"scope\":\"llm.chat\",\"token_endpoint_auth_method\":\"private_key_jwt\","
				+ "\"jwks_uri\":\"https://keys.example/jwks.json\"}");

		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(created.json().has("client_secret")).isFalse();
		assertThat(created.field("token_endpoint_auth_method")).isEqualTo("private_key_jwt");
		assertThat(created.field("jwks_uri")).isEqualTo("https://keys.example/jwks.json");
		assertThat(created.field("token_endpoint_auth_signing_alg")).isEqualTo("RS256");
	}

	@Test
	void listWhenPagedThenEveryClientOnceInClientIdOrder() {
		List<String> seen = new ArrayList<>();
		String next = null;
		do {
			Response page = http.get(CLIENTS + "?limit=2" + ((next != null) ? "&cursor=" + next : ""), api.admin());
			assertThat(page.status()).isEqualTo(200);
			assertThat(page.json().propertyNames()).containsExactly("items", "next");
			assertThat(page.json().get("items").size()).isLessThanOrEqualTo(2);
			page.json().get("items").forEach((item) -> seen.add(item.get("client_id").asString()));
			next = page.field("next");
		}
		while (next != null);

		assertThat(seen).contains("demo-admin", "demo-app", "demo-service").isSorted().doesNotHaveDuplicates();
	}

	@Test
	void listWhenLimitOrCursorMalformedThenProblemNamingTheParameter() {
		for (String limit : List.of("0", "201", "ten", "")) {
			Response response = http.get(CLIENTS + "?limit=" + limit, api.admin());

			assertThat(response.status()).isEqualTo(400);
			assertThat(response.field("parameter")).isEqualTo("limit");
			assertThat(response.field("detail")).isEqualTo("limit: must be a whole number from 1 to 200");
		}
		Response response = http.get(CLIENTS + "?cursor=***", api.admin());
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.field("parameter")).isEqualTo("cursor");
	}

	@Test
	void getWhenUnknownClientThenNotFoundProblem() {
		for (String method : List.of("GET", "DELETE")) {
			Response response = http.send(CLIENTS + "/no-such-client", method, api.admin());

			assertThat(response.status()).isEqualTo(404);
			assertThat(response.body()).isEqualTo("{\"detail\":\"No client has client_id no-such-client\","
					+ "\"instance\":\"/admin/v1/clients/no-such-client\",\"status\":404,\"title\":\"Not Found\"}");
		}
		assertThat(api.patch("no-such-client", "{\"client_name\":\"x\"}").status()).isEqualTo(404);
	}

	@Test
	void deleteWhenClientHasTokensThenGoneAndTokensRevokedEverywhere() {
		RefreshTokenClient client = RefreshTokenClient.builder().register(server);
		Grant grant = client.grant("alice");
		Response refreshed = client.refresh(grant.refreshToken());
		String accessToken = refreshed.field("access_token");
		assertThat(api.active(accessToken)).isTrue();

		Response deleted = http.delete(CLIENTS + "/" + client.clientId(), api.admin());

		assertThat(deleted.status()).isEqualTo(204);
		assertThat(http.get(CLIENTS + "/" + client.clientId(), api.admin()).status()).isEqualTo(404);
		assertThat(api.active(accessToken)).isFalse();
		assertThat(api.revokedJtis()).contains(AdminApi.jti(accessToken));
		assertThat(client.refresh(refreshed.field("refresh_token")).status()).isEqualTo(401);
		Response audit = http.get("/admin/v1/audit?type=client.deleted&client_id=" + client.clientId(), api.admin());
		assertThat(audit.json().get("items").get(0).get("details").toString())
			.isEqualTo("{\"revoked_authorizations\":1}");
	}

}
