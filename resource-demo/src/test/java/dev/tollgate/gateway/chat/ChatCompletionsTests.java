package dev.tollgate.gateway.chat;

import java.time.Instant;
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
 * {@code POST /v1/chat/completions} with the built-in echo models, over real HTTP:
 * OpenAI's answer shape, deterministic token counts, and the reservation settled against
 * what the answer used.
 */
class ChatCompletionsTests {

	private static final String HELLO = "Hello, world!";

	/**
	 * 3 (reply priming) + 3 (message framing) + 1 ("user") + 4 ("Hello", ",", " world",
	 * "!").
	 */
	private static final long HELLO_PROMPT_TOKENS = 11;

	private static final long HELLO_TOKENS = 4;

	private final TestGateway gateway = TestGateway.shared();

	private final StubIssuer issuer = StubIssuer.shared();

	private final Http http = this.gateway.http();

	@BeforeEach
	void startWithRoomInThisMinute() {
		Windows.awaitSecondsLeftInMinute(3);
	}

	@Test
	void chatCompletionWhenEchoSmallThenOpenAiAnswerWithDeterministicUsage() {
		String token = this.issuer.token(newClientId()).sign();

		Http.Response response = this.http.post("/v1/chat/completions", token, Chat.request("echo-small", HELLO, null));

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Content-Type")).isEqualTo("application/json");
		JsonNode body = response.json();
		assertThat(body.get("id").asString()).matches("chatcmpl-[0-9a-f]{32}");
		assertThat(body.get("created").asLong()).isCloseTo(Instant.now().getEpochSecond(),
				org.assertj.core.data.Offset.offset(5L));
		assertThat(body.toString()).isEqualTo("{\"id\":\"" + body.get("id").asString()
				+ "\",\"object\":\"chat.completion\",\"created\":" + body.get("created").asLong()
				+ ",\"model\":\"echo-small\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
				+ "\"content\":\"Hello, world!\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":11,"
				+ "\"completion_tokens\":4,\"total_tokens\":15}}");
	}

	@Test
	void chatCompletionWhenEchoSmallAndLongMessageThenCutAt32Tokens() {
		String token = this.issuer.token(newClientId()).sign();

		Http.Response response = this.http.post("/v1/chat/completions", token,
				Chat.request("echo-small", Chat.tokens(40), null));

		assertThat(response.status()).isEqualTo(200);
		JsonNode choice = response.json().get("choices").get(0);
		assertThat(choice.get("message").get("content").asString()).isEqualTo(Chat.tokens(32));
		assertThat(choice.get("finish_reason").asString()).isEqualTo("length");
		assertThat(response.json().get("usage").get("completion_tokens").asLong()).isEqualTo(32);
	}

	@Test
	void chatCompletionWhenEchoLargeThenWholeMessage() {
		String token = this.issuer.token(newClientId()).sign();

		Http.Response response = this.http.post("/v1/chat/completions", token,
				Chat.request("echo-large", Chat.tokens(40), null));

		assertThat(response.status()).isEqualTo(200);
		JsonNode choice = response.json().get("choices").get(0);
		assertThat(choice.get("message").get("content").asString()).isEqualTo(Chat.tokens(40));
		assertThat(choice.get("finish_reason").asString()).isEqualTo("stop");
		assertThat(response.json().get("usage").get("completion_tokens").asLong()).isEqualTo(40);
	}

	@Test
	void chatCompletionWhenMaxTokensBelowAnswerThenCutAtMaxTokens() {
		String token = this.issuer.token(newClientId()).sign();

		Http.Response response = this.http.post("/v1/chat/completions", token,
				Chat.request("echo-large", Chat.tokens(40), 5L));

		assertThat(response.status()).isEqualTo(200);
		JsonNode choice = response.json().get("choices").get(0);
		assertThat(choice.get("message").get("content").asString()).isEqualTo(Chat.tokens(5));
		assertThat(choice.get("finish_reason").asString()).isEqualTo("length");
	}

	@Test
	void chatCompletionWhenAnsweredThenRateLimitHeadersOfBothWindows() {
		Policy policy = Policy.basic().tokensPerMinute(1000L).requestsPerMinute(50L);
		String token = this.issuer.token(newClientId()).policy(policy).sign();

		Http.Response response = this.http.post("/v1/chat/completions", token, Chat.request("echo-small", HELLO, 4L));

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("x-ratelimit-limit-tokens")).isEqualTo("1000");
		assertThat(response.header("x-ratelimit-remaining-tokens")).isEqualTo("985");
		assertThat(response.header("x-ratelimit-reset-tokens")).matches("([1-9]|[1-5][0-9]|60)s|[0-9]{1,3}ms");
		assertThat(response.header("x-ratelimit-limit-requests")).isEqualTo("50");
		assertThat(response.header("x-ratelimit-remaining-requests")).isEqualTo("49");
		assertThat(response.header("x-ratelimit-reset-requests")).matches("([1-9]|[1-5][0-9]|60)s|[0-9]{1,3}ms");
	}

	@Test
	void chatCompletionWhenAnswerUsesLessThanReservedThenRestGivenBack() {
		String clientId = newClientId();
		String token = this.issuer.token(clientId).policy(Policy.basic().tokensPerMinute(1000L)).sign();

		// Reserves 11 + 500 = 511 tokens, of which the answer uses 11 + 4.
		Http.Response response = this.http.post("/v1/chat/completions", token, Chat.request("echo-small", HELLO, 500L));

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("x-ratelimit-remaining-tokens")).isEqualTo("985");
		JsonNode minute = this.http.get("/v1/usage", token).json().get("windows").get(0);
		assertThat(minute.get("window").asString()).isEqualTo("tokens_per_minute");
		assertThat(minute.get("used").asLong()).isEqualTo(HELLO_PROMPT_TOKENS + HELLO_TOKENS);
		assertThat(minute.get("remaining").asLong()).isEqualTo(985);
	}

	@Test
	void chatCompletionWhenMaxTokensAbsentThenPolicyCapReserved() {
		Policy policy = Policy.basic().tokensPerMinute(120L).maxTokensPerRequest(100L);
		String token = this.issuer.token(newClientId()).policy(policy).sign();
		// Reserves 11 + 100 of 120 and uses 15: 105 left.
		assertThat(this.http.post("/v1/chat/completions", token, Chat.request("echo-small", HELLO, null)).status())
			.isEqualTo(200);

		Http.Response withoutMaxTokens = this.http.post("/v1/chat/completions", token,
				Chat.request("echo-small", HELLO, null));
		Http.Response withMaxTokens = this.http.post("/v1/chat/completions", token,
				Chat.request("echo-small", HELLO, 10L));

		// 111 would be reserved again, more than the 105 left,
		// though the answer would use 15.
		assertThat(withoutMaxTokens.status()).isEqualTo(429);
		assertThat(withoutMaxTokens.header("x-ratelimit-remaining-tokens")).isEqualTo("105");
		assertThat(withMaxTokens.status()).isEqualTo(200);
		assertThat(withMaxTokens.header("x-ratelimit-remaining-tokens")).isEqualTo("90");
	}

	@Test
	void chatCompletionWhenStreamedThenServerSentEventsEndingWithUsage() {
		String token = this.issuer.token(newClientId()).sign();
		String request = "{\"model\":\"echo-small\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
				+ "\"messages\":[{\"role\":\"user\",\"content\":\"Hello, world!\"}]}";

		Http.Response response = this.http.post("/v1/chat/completions", token, request);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Content-Type")).startsWith("text/event-stream");
		assertThat(response.header("x-ratelimit-limit-tokens")).isEqualTo("60000");
		String[] events = response.body().split("\n\n");
		assertThat(events).hasSize(5);
		assertThat(events[0]).contains("\"delta\":{\"role\":\"assistant\",\"content\":\"\"}");
		assertThat(events[1]).contains("\"delta\":{\"content\":\"Hello, world!\"},\"finish_reason\":null");
		assertThat(events[2]).contains("\"delta\":{},\"finish_reason\":\"stop\"");
		assertThat(events[3]).contains(
				"\"choices\":[],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":4," + "\"total_tokens\":15}");
		assertThat(events[4]).isEqualTo("data: [DONE]");
		assertThat(events[0]).startsWith("data: {\"id\":\"chatcmpl-").contains("\"object\":\"chat.completion.chunk\"");
	}

	static String newClientId() {
		return "client-" + UUID.randomUUID();
	}

}
