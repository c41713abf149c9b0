package dev.tollgate.auth.admin;

import java.util.ArrayList;
import java.util.List;

import dev.tollgate.auth.support.Browser;
import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.TestAuthServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.tollgate.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document at {@code /v3/api-docs} and Swagger UI: public, covering every
 * admin operation under a bearer security scheme, and nothing else.
 */
class OpenApiDocumentTests {

	private static Http http;

	@BeforeAll
	static void startServer() {
		http = new Http(TestAuthServer.shared().baseUrl());
	}

	@Test
	void apiDocsWhenNoTokenThenEveryAdminOperationWithBearerSecurity() {
		Response response = http.get("/v3/api-docs", null);

		assertThat(response.status()).isEqualTo(200);
		JsonNode document = response.json();
		List<String> operations = new ArrayList<>();
		document.get("paths")
			.properties()
			.forEach((path) -> path.getValue()
				.propertyNames()
				.forEach((method) -> operations.add(method.toUpperCase() + " " + path.getKey())));
		assertThat(operations).containsExactlyInAnyOrder("GET /admin/v1/clients", "POST /admin/v1/clients",
				"GET /admin/v1/clients/{clientId}", "PATCH /admin/v1/clients/{clientId}",
				"DELETE /admin/v1/clients/{clientId}", "POST /admin/v1/clients/{clientId}/secret",
				"POST /admin/v1/clients/{clientId}/revoke-tokens", "POST /admin/v1/users/{username}/revoke-tokens",
				"GET /admin/v1/clients/{clientId}/quota", "PUT /admin/v1/clients/{clientId}/quota",
				"DELETE /admin/v1/clients/{clientId}/quota", "GET /admin/v1/keys", "POST /admin/v1/keys/rotate",
				"POST /admin/v1/keys/{kid}/revoke", "GET /admin/v1/audit");
		assertThat(document.get("components").get("securitySchemes").get("bearer").toString())
			.contains("\"type\":\"http\"", "\"scheme\":\"bearer\"");
		assertThat(document.get("security").toString()).isEqualTo("[{\"bearer\":[]}]");
	}

	@Test
	void swaggerUiWhenNoTokenThenServed() {
		Response redirect = http.get("/swagger-ui.html", null);
		assertThat(redirect.status()).isEqualTo(302);
		assertThat(redirect.header("Location")).endsWith("/swagger-ui/index.html");

		Response page = http.get("/swagger-ui/index.html", null);
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("swagger-ui");
	}

	@Test
	void swaggerUiWhenOpenedInABrowserThenShowsTheAdminOperations() throws InterruptedException {
		try (Browser browser = Browser.start()) {
			browser.open(TestAuthServer.shared().baseUrl() + "/swagger-ui.html");
			browser.waitForId("swagger-ui");

			String text = browser.pageText();
			for (int i = 0; i < 100 && !text.contains("/admin/v1/users/{username}/revoke-tokens"); i++) {
				Thread.sleep(100);
				text = browser.pageText();
			}

			assertThat(text).contains("Tollgate admin API", "/admin/v1/clients/{clientId}/secret",
					"/admin/v1/users/{username}/revoke-tokens", "/admin/v1/audit", "Authorize");
		}
	}

	@Test
	void tokenWhenBadRequestThenStillAnOAuthJsonError() {
		Response response = http.postForm("/oauth2/token", null, form("grant_type", "client_credentials"));

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("Content-Type")).startsWith("application/json");
		assertThat(response.field("error")).isEqualTo("invalid_client");
	}

}
