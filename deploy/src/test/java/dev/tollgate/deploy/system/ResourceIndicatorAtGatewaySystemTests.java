package dev.tollgate.deploy.system;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tollgate.deploy.system.Http.Response;

import static dev.tollgate.deploy.system.Http.basic;
import static dev.tollgate.deploy.system.Http.bearer;
import static dev.tollgate.deploy.system.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 8707 resource indicators as a resource server sees them: the real gateway, which
 * knows the auth server only through the contract, accepts a token whose {@code resource}
 * was {@code llm-gateway}, and refuses one of the same client and scopes that was asked
 * for another resource server. The auth server maps a second scope to a second resource
 * server for this.
 */
class ResourceIndicatorAtGatewaySystemTests {

	private static final String EMBEDDINGS = "https://embeddings.example/";

	private static final String CLIENT_ID = "resource-system-test";

	private static Postgres postgres;

	private static JarProcess authServerProcess;

	private static JarProcess gatewayProcess;

	private static Http http;

	private static GatewayClient gateway;

	private static String clientAuthorization;

	@BeforeAll
	static void start() {
		postgres = Postgres.start("resource");
		authServerProcess = Launch.authServer("resource-auth-server", postgres.createDatabase("auth"),
				Launch.newEncryptionKey(), Map.of("tollgate.tokens.audiences.llm.chat", "llm-gateway",
						"tollgate.tokens.audiences.llm.embed", EMBEDDINGS));
		gatewayProcess = Launch.gateway("resource-gateway", postgres.createDatabase("gateway"),
				authServerProcess.baseUrl(), Map.of());
		authServerProcess.awaitHealthy();
		gatewayProcess.awaitHealthy();
		http = Http.create();
		gateway = new GatewayClient(gatewayProcess);

		AuthServerClient authServer = new AuthServerClient(authServerProcess);
		Response created = http.postJson(authServerProcess.baseUrl() + "/admin/v1/clients",
				bearer(authServer.adminToken()), "{\"client_id\":\"" + CLIENT_ID + "\","
						+ "\"grant_types\":[\"client_credentials\"],\"scope\":\"llm.chat llm.embed\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		clientAuthorization = basic(CLIENT_ID, created.field("client_secret"));
		authServer.putQuota(CLIENT_ID, RevocationAtGatewaySystemTests.ROOMY_QUOTA);
	}

	@AfterAll
	static void stop() {
		Cleanup.all(gatewayProcess, authServerProcess, postgres);
	}

	@Test
	void gatewayWhenTokenRequestedForLlmGatewayThenAnswered() {
		String token = token("llm-gateway");

		assertThat(AuthServerClient.claim(token, "aud").toString()).isEqualTo("\"llm-gateway\"");
		RevocationAtGatewaySystemTests.assertAnswered(gateway.chat(token));
	}

	@Test
	void gatewayWhenTokenRequestedForAnotherResourceServerThenRefused() {
		String token = token(EMBEDDINGS);

		Response refused = gateway.chat(token);

		GatewayClient.assertOpenAiError(refused, 401, "invalid_request_error", "invalid_api_key");
		assertThat(GatewayClient.message(refused))
			.isEqualTo("The access token is not meant for this gateway: its aud does not name 'llm-gateway'.");
	}

	private static String token(String resource) {
		Response response = http.postForm(authServerProcess.baseUrl() + "/oauth2/token", clientAuthorization,
				form("grant_type", "client_credentials", "scope", "llm.chat llm.embed", "resource", resource));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return AuthServerClient.accessToken(response);
	}

}
