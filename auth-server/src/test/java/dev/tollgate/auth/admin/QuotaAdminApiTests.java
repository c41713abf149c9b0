package dev.tollgate.auth.admin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.Jwts;
import dev.tollgate.auth.support.TestAuthServer;
import dev.tollgate.auth.support.Tokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /admin/v1/clients/{clientId}/quota}: read, replace and delete a client's LLM
 * quota policy, with every error as RFC 9457 problem details naming the field.
 */
class QuotaAdminApiTests {

	private static final String PATH = "/admin/v1/clients/demo-gateway/quota";

	private static final String POLICY = """
			{"policy":"team-basic","tokens_per_minute":60000,"requests_per_minute":120,\
			"tokens_per_day":2000000,"max_tokens_per_request":4096,"models":["echo-small","echo-large"]}""";

	private static TestAuthServer server;

	private static Http http;

	private static String admin;

	@BeforeAll
	static void startServer() {
		server = TestAuthServer.shared();
		http = new Http(server.baseUrl());
		admin = "Bearer " + Tokens.admin(http);
	}

	@Test
	void putWhenValidThenStoredWithVersionAndCarriedByTheNextToken() throws SQLException {
		Response put = http.put(PATH, admin, POLICY);

		assertThat(put.status()).as(put.body()).isEqualTo(200);
		long version = put.json().get("version").asLong();
		assertThat(put.body()).isEqualTo("{\"policy\":\"team-basic\",\"version\":" + version
				+ ",\"tokens_per_minute\":60000,\"requests_per_minute\":120,\"tokens_per_day\":2000000,"
				+ "\"max_tokens_per_request\":4096,\"models\":[\"echo-small\",\"echo-large\"]}");
		assertThat(http.get(PATH, admin).body()).isEqualTo(put.body());

		Map<String, Object> claims = Jwts.verifiedClaims(http,
				Tokens.issue(http, Http.basic("demo-gateway", "demo-gateway-secret")));
		@SuppressWarnings("unchecked")
		Map<String, Object> llm = (Map<String, Object>) claims.get("llm");
		assertThat(llm).containsEntry("policy", "team-basic")
			.containsEntry("version", version)
			.containsEntry("tokens_per_minute", 60000L);
		assertThat(auditCount(version)).isEqualTo(1);
	}

	@Test
	void putWhenChangedAgainThenVersionGrowsAndOmittedLimitsAreUnlimited() {
		long first = http.put(PATH, admin, POLICY).json().get("version").asLong();

		Response second = http.put(PATH, admin, "{\"policy\":\"team-wide\",\"models\":[\"*\"]}");

		assertThat(second.status()).isEqualTo(200);
		assertThat(second.json().get("version").asLong()).isGreaterThan(first);
		assertThat(second.json().has("tokens_per_minute")).isFalse();
		assertThat(second.json().get("models").get(0).asString()).isEqualTo("*");
	}

	@Test
	void putWhenUnknownFieldThenProblemNamingIt() {
		assertProblem(http.put(PATH, admin, "{\"policy\":\"p\",\"tokens_per_hour\":5}"), 400, "tokens_per_hour",
				"tokens_per_hour: is not a field of a quota policy; known fields are policy, models,"
						+ " max_tokens_per_request, requests_per_minute, tokens_per_day, tokens_per_minute");
	}

	@Test
	void putWhenNegativeLimitThenProblemNamingIt() {
		assertProblem(http.put(PATH, admin, "{\"policy\":\"p\",\"tokens_per_minute\":-1}"), 400, "tokens_per_minute",
				"tokens_per_minute: must be a whole number of 0 or more, or null for no limit");
	}

	@Test
	void putWhenFractionalOrTextLimitThenProblemNamingIt() {
		assertProblem(http.put(PATH, admin, "{\"policy\":\"p\",\"tokens_per_day\":1.5}"), 400, "tokens_per_day",
				"tokens_per_day: must be a whole number of 0 or more, or null for no limit");
		assertProblem(http.put(PATH, admin, "{\"policy\":\"p\",\"tokens_per_day\":\"many\"}"), 400, "tokens_per_day",
				"tokens_per_day: must be a whole number of 0 or more, or null for no limit");
	}

	@Test
	void putWhenVersionGivenThenProblemNamingIt() {
		assertProblem(http.put(PATH, admin, "{\"policy\":\"p\",\"version\":99}"), 400, "version",
				"version: is assigned by the server and cannot be set");
	}

	@Test
	void putWhenPolicyNameMissingThenProblemNamingIt() {
		Response response = http.put(PATH, admin, "{\"tokens_per_minute\":5}");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.field("field")).isEqualTo("policy");
	}

	@Test
	void putWhenModelNameMalformedThenProblemNamingIt() {
		assertProblem(http.put(PATH, admin, "{\"policy\":\"p\",\"models\":[\"echo small\"]}"), 400, "models",
				"models: holds \"echo small\", which is not a model name");
		assertProblem(http.put(PATH, admin, "{\"policy\":\"p\",\"models\":[]}"), 400, "models",
				"models: must be a non-empty array of model names, or [\"*\"]");
		assertProblem(http.put(PATH, admin, "{\"policy\":\"p\",\"models\":[\"*\",\"echo-small\"]}"), 400, "models",
				"models: \"*\" allows every model and stands alone");
	}

	@Test
	void putWhenMalformedJsonThenProblem() {
		Response response = http.put(PATH, admin, "{\"policy\":");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
	}

	@Test
	void quotaWhenUnknownClientThenNotFound() {
		Response response = http.get("/admin/v1/clients/no-such-client/quota", admin);

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.field("detail")).isEqualTo("No client has client_id no-such-client");
	}

	@Test
	void deleteWhenPolicyExistsThenNoContentThenNotFound() {
		String path = "/admin/v1/clients/demo-admin/quota";
		http.put(path, admin, POLICY);

		assertThat(http.delete(path, admin).status()).isEqualTo(204);
		Response gone = http.get(path, admin);
		assertThat(gone.status()).isEqualTo(404);
		assertThat(gone.field("detail")).isEqualTo("Client demo-admin has no quota policy");
		assertThat(http.delete(path, admin).status()).isEqualTo(404);
	}

	@Test
	void quotaWhenNoTokenThenUnauthorized() {
		Response response = http.get(PATH, null);

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
	}

	@Test
	void quotaWhenTokenWithoutAdminScopeThenForbidden() {
		Response response = http.put(PATH, "Bearer " + Tokens.service(http), POLICY);

		assertThat(response.status()).isEqualTo(403);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
	}

	private static void assertProblem(Response response, int status, String field, String detail) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.field("field")).isEqualTo(field);
		assertThat(response.field("detail")).isEqualTo(detail);
	}

	private static int auditCount(long version) throws SQLException {
		try (Connection connection = server.database().connect();
				PreparedStatement statement = connection.prepareStatement("select count(*) from audit_event"
						+ " where type = 'quota.changed' and client_id = 'demo-gateway' and actor = 'demo-admin'"
						+ " and (details ->> 'version')::bigint = ?")) {
			statement.setLong(1, version);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getInt(1);
			}
		}
	}

}
