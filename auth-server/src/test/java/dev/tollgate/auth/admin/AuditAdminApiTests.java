package dev.tollgate.auth.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.TestAuthServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.tollgate.auth.admin.AdminApi.newClientId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /admin/v1/audit}: events newest first, filtered by type, client and time,
 * paged by keyset.
 */
class AuditAdminApiTests {

	private static Http http;

	private static AdminApi api;

	@BeforeAll
	static void startServer() {
		http = new Http(TestAuthServer.shared().baseUrl());
		api = new AdminApi(http);
	}

	@Test
	void auditWhenClientCreatedThenEventWithEveryFieldAndNoSecret() {
		String clientId = newClientId("svc");
		String secret = api.createService(clientId).field("client_secret");

		Response response = http.get("/admin/v1/audit?client_id=" + clientId, api.admin());

		assertThat(response.status()).isEqualTo(200);
		JsonNode event = response.json().get("items").get(0);
		assertThat(event.propertyNames()).containsExactly("id", "occurred_at", "type", "actor", "client_id",
				"principal_name", "remote_address", "details");
		assertThat(event.get("type").asString()).isEqualTo("client.created");
		assertThat(event.get("actor").asString()).isEqualTo("demo-admin");
		assertThat(event.get("client_id").asString()).isEqualTo(clientId);
		assertThat(event.get("principal_name").asString()).isEqualTo("demo-admin");
		assertThat(event.get("remote_address").asString()).isEqualTo("127.0.0.1");
		assertThat(event.get("details").toString()).isEqualTo(
				"{\"grant_types\":[\"client_credentials\"],\"token_endpoint_auth_method\":\"client_secret_basic\"}");
		assertThat(response.body()).doesNotContain(secret);
	}

	@Test
	void auditWhenPagedThenNewestFirstEachEventOnce() {
		String clientId = newClientId("svc");
		api.createService(clientId);
		for (int i = 0; i < 4; i++) {
			api.patch(clientId, "{\"client_name\":\"name " + i + "\"}");
		}

		List<Long> ids = new ArrayList<>();
		String next = null;
		do {
			Response page = http.get(
					"/admin/v1/audit?limit=2&client_id=" + clientId + ((next != null) ? "&cursor=" + next : ""),
					api.admin());
			page.json().get("items").forEach((item) -> ids.add(item.get("id").asLong()));
			next = page.field("next");
		}
		while (next != null);

		assertThat(ids).hasSize(5).doesNotHaveDuplicates().isSortedAccordingTo((a, b) -> Long.compare(b, a));
	}

	@Test
	void auditWhenFilteredByTypeAndSinceThenOnlyThose() {
		String clientId = newClientId("svc");
		api.createService(clientId);
		Instant later = Instant.now().plusSeconds(3600);

		Response byType = http.get("/admin/v1/audit?type=client.created&client_id=" + clientId, api.admin());
		Response future = http.get("/admin/v1/audit?client_id=" + clientId + "&since=" + later, api.admin());
		Response other = http.get("/admin/v1/audit?type=client.deleted&client_id=" + clientId, api.admin());

		assertThat(byType.json().get("items")).hasSize(1);
		assertThat(future.body()).isEqualTo("{\"items\":[],\"next\":null}");
		assertThat(other.json().get("items")).isEmpty();
	}

	@Test
	void auditWhenParameterMalformedThenProblemNamingIt() {
		assertParameterProblem("since=yesterday", "since",
				"since: must be an ISO-8601 instant in UTC, such as 2026-12-03T18:00:00Z");
		assertParameterProblem("since=1764786950", "since",
				"since: must be an ISO-8601 instant in UTC, such as 2026-12-03T18:00:00Z");
		assertParameterProblem("limit=1000", "limit", "limit: must be a whole number from 1 to 200");
		assertParameterProblem("type=DROP%20TABLE", "type",
				"type: must be an event type such as client.created: 1 to 50 of a-z, 0-9, '_' and '.'");
		assertParameterProblem("cursor=bm90LWEtY3Vyc29y", "cursor",
				"cursor: is not a cursor of this list; pass the next value of the previous page");
	}

	private static void assertParameterProblem(String query, String parameter, String detail) {
		Response response = http.get("/admin/v1/audit?" + query, api.admin());

		assertThat(response.status()).as(query).isEqualTo(400);
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(response.field("parameter")).isEqualTo(parameter);
		assertThat(response.field("detail")).isEqualTo(detail);
	}

}
