package dev.tollgate.gateway.usage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.tollgate.gateway.support.Chat;
import dev.tollgate.gateway.support.Http;
import dev.tollgate.gateway.support.Policy;
import dev.tollgate.gateway.support.StubIssuer;
import dev.tollgate.gateway.support.TestGateway;
import dev.tollgate.gateway.support.Windows;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /v1/models}, {@code GET /v1/usage} and the usage metrics on
 * {@code /actuator/prometheus}, over real HTTP.
 */
class UsageAndModelsTests {

	private final TestGateway gateway = TestGateway.shared();

	private final StubIssuer issuer = StubIssuer.shared();

	private final Http http = this.gateway.http();

	@BeforeEach
	void startWithRoomInThisMinute() {
		Windows.awaitSecondsLeftInMinute(3);
	}

	@Test
	void modelsWhenPolicyNamesOneModelThenOnlyThatOneListed() {
		String token = this.issuer.token(newClientId()).policy(Policy.basic().models("echo-small")).sign();

		Http.Response response = this.http.get("/v1/models", token);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"object\":\"list\",\"data\":[{\"id\":\"echo-small\","
				+ "\"object\":\"model\",\"created\":1767225600,\"owned_by\":\"tollgate\"}]}");
		assertThat(response.header("x-ratelimit-limit-tokens")).isEqualTo("60000");
		assertThat(response.header("x-ratelimit-limit-requests")).isEqualTo("120");
	}

	@Test
	void modelsWhenPolicyAllowsAllThenEveryServedModelListed() {
		String token = this.issuer.token(newClientId()).policy(Policy.basic().models("*")).sign();

		JsonNode data = this.http.get("/v1/models", token).json().get("data");

		assertThat(data).extracting((model) -> model.get("id").asString()).containsExactly("echo-small", "echo-large");
	}

	@Test
	void modelWhenAskedByIdThenOpenAiModelObject() {
		String token = this.issuer.token(newClientId()).sign();

		Http.Response known = this.http.get("/v1/models/echo-large", token);
		Http.Response unknown = this.http.get("/v1/models/gpt-99", token);

		assertThat(known.body()).isEqualTo(
				"{\"id\":\"echo-large\",\"object\":\"model\",\"created\":1767225600," + "\"owned_by\":\"tollgate\"}");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.json().get("error").get("code").asString()).isEqualTo("model_not_found");
	}

	@Test
	void modelsWhenTokenHasNoLlmClaimThenForbidden() {
		String token = this.issuer.token(newClientId()).claim("llm", null).sign();

		Http.Response response = this.http.get("/v1/models", token);

		assertThat(response.status()).isEqualTo(403);
		assertThat(response.json().get("error").get("code").asString()).isEqualTo("missing_llm_claim");
	}

	@Test
	void usageWhenCallsAnsweredThenWindowsAndLedgerTotalsOfToday() {
		// given two calls of 11 + 4 tokens, one per echo model
		String clientId = newClientId();
		String token = this.issuer.token(clientId).sign();
		this.http.post("/v1/chat/completions", token, Chat.request("echo-small", "Hello, world!", 4L));
		this.http.post("/v1/chat/completions", token, Chat.request("echo-large", "Hello, world!", 4L));

		// when
		Http.Response response = this.http.get("/v1/usage", token);

		// then
		assertThat(response.status()).isEqualTo(200);
		JsonNode usage = response.json();
		long today = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
		long nextMinute = (Instant.now().getEpochSecond() / 60 + 1) * 60;
		assertThat(usage.get("object").asString()).isEqualTo("usage");
		assertThat(usage.get("client_id").asString()).isEqualTo(clientId);
		assertThat(usage.get("policy").toString()).isEqualTo("{\"name\":\"team-basic\",\"version\":1}");
		assertThat(usage.get("windows").toString()).isEqualTo(
				"[{\"window\":\"tokens_per_minute\",\"limit\":60000," + "\"used\":30,\"remaining\":59970,\"resets_at\":"
						+ nextMinute + "},{\"window\":\"requests_per_minute\","
						+ "\"limit\":120,\"used\":2,\"remaining\":118,\"resets_at\":" + nextMinute + "},{\"window\":"
						+ "\"tokens_per_day\",\"limit\":2000000,\"used\":30,\"remaining\":1999970,\"resets_at\":"
						+ (today + 86400) + "}]");
		assertThat(usage.get("today").toString()).isEqualTo("{\"since\":" + today + ",\"requests\":2,"
				+ "\"prompt_tokens\":22,\"completion_tokens\":8,\"total_tokens\":30,\"models\":[{\"model\":\"echo-large\","
				+ "\"requests\":1,\"prompt_tokens\":11,\"completion_tokens\":4,\"total_tokens\":15},{\"model\":"
				+ "\"echo-small\",\"requests\":1,\"prompt_tokens\":11,\"completion_tokens\":4,\"total_tokens\":15}]}");
		assertThat(response.header("x-ratelimit-remaining-tokens")).isEqualTo("59970");
	}

	@Test
	void metricsWhenCallsAnsweredThenTokensAndCompletionsPerClientOnPrometheus() {
		String clientId = newClientId();
		String token = this.issuer.token(clientId).sign();
		this.http.post("/v1/chat/completions", token, Chat.request("echo-small", "Hello, world!", 4L));
		this.http.post("/v1/chat/completions", token, Chat.request("echo-small", "Hello, world!", 4L));

		String labels = "{client_id=\"" + clientId + "\",model=\"echo-small\"";
		assertThat(this.gateway.metric("tollgate_gateway_completions_total" + labels + "}")).isEqualTo(2);
		assertThat(this.gateway.metric("tollgate_gateway_tokens_total" + labels + ",type=\"prompt\"}")).isEqualTo(22);
		assertThat(this.gateway.metric("tollgate_gateway_tokens_total" + labels + ",type=\"completion\"}"))
			.isEqualTo(8);
	}

	private static String newClientId() {
		return "client-" + UUID.randomUUID();
	}

}
