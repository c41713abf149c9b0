package dev.tollgate.gateway.chat;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.tollgate.gateway.support.Chat;
import dev.tollgate.gateway.support.Http;
import dev.tollgate.gateway.support.Policy;
import dev.tollgate.gateway.support.StubIssuer;
import dev.tollgate.gateway.support.StubUpstream;
import dev.tollgate.gateway.support.TestDatabase;
import dev.tollgate.gateway.support.TestGateway;
import dev.tollgate.gateway.support.Windows;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway in front of an OpenAI-compatible upstream (a stub on this machine):
 * requests are forwarded with the gateway's own key and the reserved allowance, answers
 * and server-sent event streams are passed through, and the quota is settled with the
 * usage the upstream reports.
 */
class UpstreamTests {

	private static final String COMPLETION = "{\"id\":\"chatcmpl-up1\",\"object\":\"chat.completion\","
			+ "\"created\":1767225600,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
			+ "\"assistant\",\"content\":\"Hi there!\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,"
			+ "\"completion_tokens\":7,\"total_tokens\":16}}";

	private static StubUpstream upstream;

	private static TestGateway gateway;

	private final StubIssuer issuer = StubIssuer.shared();

	private final Policy policy = Policy.basic().models("*").tokensPerMinute(10_000L);

	@BeforeAll
	static void startUpstreamAndGateway() {
		upstream = StubUpstream.start();
		gateway = TestGateway.start(TestDatabase.newDatabase(), StubIssuer.shared().url(),
				Map.of("tollgate.gateway.upstream-url", upstream.url(), "tollgate.gateway.upstream-api-key",
						"upstream-secret", "tollgate.gateway.models", "gpt-4o-mini"));
	}

	@AfterAll
	static void stop() {
		gateway.close();
		upstream.close();
	}

	@BeforeEach
	void startWithRoomInThisMinute() {
		Windows.awaitSecondsLeftInMinute(3);
	}

	@Test
	void chatCompletionWhenUpstreamAnswersThenForwardedWithGatewayKeyAndPassedThrough() {
		upstream.reply(200, "application/json", COMPLETION);
		String token = this.issuer.token(ChatCompletionsTests.newClientId()).policy(this.policy).sign();

		Http.Response response = gateway.http()
			.post("/v1/chat/completions", token, Chat.request("gpt-4o-mini", "Hello, world!", null));

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(COMPLETION);
		assertThat(response.header("x-ratelimit-remaining-tokens")).isEqualTo(String.valueOf(10_000 - 16));
		StubUpstream.Received forwarded = upstream.lastRequest();
		assertThat(forwarded.authorization()).isEqualTo("Bearer upstream-secret");
		assertThat(forwarded.body().get("model").asString()).isEqualTo("gpt-4o-mini");
		assertThat(forwarded.body().get("messages").get(0).get("content").asString()).isEqualTo("Hello, world!");
		// No max_tokens asked: the policy's cap that was reserved bounds the upstream.
		assertThat(forwarded.body().get("max_tokens").asLong()).isEqualTo(4096);
	}

	@Test
	void chatCompletionWhenStreamedThenEventsPassedThroughAndUsageOfLastChunkSettled() {
		String[] events = {
				"data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
						+ "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n",
				"data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
						+ "\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n",
				"data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
						+ "\"delta\":{\"content\":\" there\"},\"finish_reason\":\"stop\"}]}\n\n",
				"data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{"
						+ "\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}\n\n",
				"data: [DONE]\n\n" };
		upstream.reply(200, "text/event-stream", events);
		String token = this.issuer.token(ChatCompletionsTests.newClientId()).policy(this.policy).sign();
		String request = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"max_tokens\":50,"
				+ "\"messages\":[{\"role\":\"user\",\"content\":\"Hello, world!\"}]}";

		Http.Response response = gateway.http().post("/v1/chat/completions", token, request);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Content-Type")).startsWith("text/event-stream");
		assertThat(response.body()).isEqualTo(String.join("", events));
		assertThat(response.header("x-ratelimit-limit-tokens")).isEqualTo("10000");
		JsonNode forwarded = upstream.lastRequest().body();
		assertThat(forwarded.get("stream").asBoolean()).isTrue();
		assertThat(forwarded.get("stream_options").get("include_usage").asBoolean()).isTrue();
		assertThat(forwarded.get("max_tokens").asLong()).isEqualTo(50);
		JsonNode usage = gateway.http().get("/v1/usage", token).json();
		assertThat(usage.get("windows").get(0).get("used").asLong()).isEqualTo(11);
		assertThat(usage.get("today").get("completion_tokens").asLong()).isEqualTo(2);
	}

	@Test
	void chatCompletionWhenStreamHasNoUsageThenStreamedTextCounted() {
		upstream.reply(200, "text/event-stream",
				"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"},\"finish_reason\":\"stop\"}]}\n\n",
				"data: [DONE]\n\n");
		String token = this.issuer.token(ChatCompletionsTests.newClientId()).policy(this.policy).sign();
		String request = "{\"model\":\"gpt-4o-mini\",\"stream\":true,"
				+ "\"messages\":[{\"role\":\"user\",\"content\":\"Hello, world!\"}]}";

		Http.Response response = gateway.http().post("/v1/chat/completions", token, request);

		assertThat(response.status()).isEqualTo(200);
		JsonNode today = gateway.http().get("/v1/usage", token).json().get("today");
		assertThat(today.get("completion_tokens").asLong()).isEqualTo(1);
		assertThat(today.get("prompt_tokens").asLong()).isPositive();
	}

	@Test
	void chatCompletionWhenUpstreamFailsThenBadGatewayAndReservationGivenBack() {
		upstream.reply(500, "text/plain", "boom");
		String token = this.issuer.token(ChatCompletionsTests.newClientId()).policy(this.policy).sign();

		Http.Response response = gateway.http()
			.post("/v1/chat/completions", token, Chat.request("gpt-4o-mini", "Hello, world!", 100L));

		assertThat(response.status()).isEqualTo(502);
		assertThat(response.body()).isEqualTo("{\"error\":{\"message\":\"The upstream model server failed to answer"
				+ " (HTTP 500).\",\"type\":\"server_error\",\"code\":\"upstream_error\"}}");
		assertThat(response.header("x-ratelimit-remaining-tokens")).isEqualTo("10000");
		assertThat(response.header("x-ratelimit-remaining-requests")).isEqualTo("119");
	}

	@Test
	void chatCompletionWhenUpstreamRefusesRequestThenItsAnswerPassedThrough() {
		String refusal = "{\"error\":{\"message\":\"Invalid 'temperature'\",\"type\":\"invalid_request_error\","
				+ "\"code\":\"invalid_value\"}}";
		upstream.reply(400, "application/json", refusal);
		String token = this.issuer.token(ChatCompletionsTests.newClientId()).policy(this.policy).sign();

		Http.Response response = gateway.http()
			.post("/v1/chat/completions", token, Chat.request("gpt-4o-mini", "Hello, world!", 100L));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body()).isEqualTo(refusal);
		assertThat(response.header("x-ratelimit-remaining-tokens")).isEqualTo("10000");
	}

	@Test
	void modelsWhenUpstreamConfiguredThenConfiguredModelsListed() {
		String token = this.issuer.token(ChatCompletionsTests.newClientId()).policy(this.policy).sign();

		Http.Response response = gateway.http().get("/v1/models", token);

		assertThat(response.body()).isEqualTo("{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o-mini\","
				+ "\"object\":\"model\",\"created\":1767225600,\"owned_by\":\"upstream\"}]}");
	}

}
