package dev.tollgate.gateway.chat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tollgate.gateway.support.Chat;
import dev.tollgate.gateway.support.Http;
import dev.tollgate.gateway.support.Policy;
import dev.tollgate.gateway.support.StubIssuer;
import dev.tollgate.gateway.support.TestGateway;
import dev.tollgate.gateway.support.Windows;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every refusal of {@code POST /v1/chat/completions} for what the caller sent or what its
 * policy allows: its exact status and OpenAI error body, and the caller's rate-limit
 * headers on it.
 */
class ChatCompletionErrorsTests {

	private final StubIssuer issuer = StubIssuer.shared();

	private final Http http = TestGateway.shared().http();

	private final String token = this.issuer.token(ChatCompletionsTests.newClientId()).sign();

	@BeforeEach
	void startWithRoomInThisMinute() {
		Windows.awaitSecondsLeftInMinute(3);
	}

	@Test
	void chatCompletionWhenMalformedJsonThenBadRequest() {
		Http.Response response = this.http.post("/v1/chat/completions", this.token, "{\"model\":\"echo-small\",");

		assertError(response, 400, "We could not parse the JSON body of your request: it is not valid JSON.",
				"invalid_request_error", "invalid_json");
	}

	@Test
	void chatCompletionWhenBodyIsNotAnObjectThenBadRequest() {
		Http.Response response = this.http.post("/v1/chat/completions", this.token, "[1,2]");

		assertError(response, 400, "The request body must be a JSON object.", "invalid_request_error", "invalid_json");
	}

	@Test
	void chatCompletionWhenNoMessagesThenBadRequest() {
		Http.Response response = this.http.post("/v1/chat/completions", this.token, "{\"model\":\"echo-small\"}");

		assertError(response, 400, "Missing required parameter: 'messages'.", "invalid_request_error",
				"missing_required_parameter");
	}

	@Test
	void chatCompletionWhenEmptyMessagesThenBadRequest() {
		Http.Response response = this.http.post("/v1/chat/completions", this.token,
				"{\"model\":\"echo-small\",\"messages\":[]}");

		assertError(response, 400, "'messages' must hold at least one message.", "invalid_request_error",
				"invalid_value");
	}

	@Test
	void chatCompletionWhenMessageWithoutRoleThenBadRequest() {
		Http.Response response = this.http.post("/v1/chat/completions", this.token,
				"{\"model\":\"echo-small\",\"messages\":[{\"content\":\"hi\"}]}");

		assertError(response, 400, "'messages[0].role' must be one of system, developer, user, assistant, tool.",
				"invalid_request_error", "invalid_value");
	}

	@Test
	void chatCompletionWhenNoModelThenBadRequest() {
		Http.Response response = this.http.post("/v1/chat/completions", this.token,
				"{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

		assertError(response, 400, "Missing required parameter: 'model'.", "invalid_request_error",
				"missing_required_parameter");
	}

	@Test
	void chatCompletionWhenUnknownModelThenNotFound() {
		Http.Response response = this.http.post("/v1/chat/completions", this.token, Chat.request("gpt-99", "hi", null));

		assertError(response, 404, "The model 'gpt-99' does not exist.", "invalid_request_error", "model_not_found");
	}

	@Test
	void chatCompletionWhenModelOutsidePolicyThenForbidden() {
		String token = this.issuer.token(ChatCompletionsTests.newClientId())
			.policy(Policy.basic().models("echo-small"))
			.sign();

		Http.Response response = this.http.post("/v1/chat/completions", token, Chat.request("echo-large", "hi", null));

		assertError(response, 403,
				"The model 'echo-large' is not allowed by the quota policy of this client; allowed: [echo-small].",
				"invalid_request_error", "model_not_allowed");
	}

	@Test
	void chatCompletionWhenPolicyAllowsEveryModelThenAnyServedModelAnswers() {
		String token = this.issuer.token(ChatCompletionsTests.newClientId()).policy(Policy.basic().models("*")).sign();

		Http.Response response = this.http.post("/v1/chat/completions", token, Chat.request("echo-large", "hi", null));

		assertThat(response.status()).isEqualTo(200);
	}

	@Test
	void chatCompletionWhenNegativeMaxTokensThenBadRequest() {
		Http.Response response = this.http.post("/v1/chat/completions", this.token,
				Chat.request("echo-small", "hi", -1L));

		assertError(response, 400, "'max_tokens' must be a positive integer, not -1.", "invalid_request_error",
				"invalid_value");
	}

	@Test
	void chatCompletionWhenMaxTokensAboveCapOfPolicyThenBadRequest() {
		Http.Response response = this.http.post("/v1/chat/completions", this.token,
				Chat.request("echo-small", "hi", 1_000_000L));

		assertError(response, 400,
				"'max_tokens' is 1000000, above the max_tokens_per_request of 4096 in the quota policy of this client.",
				"invalid_request_error", "max_tokens_above_limit");
	}

	@Test
	void chatCompletionWhenMaxTokensBeyondAnyIntegerThenBadRequest() {
		Http.Response response = this.http.post("/v1/chat/completions", this.token,
				"{\"model\":\"echo-small\",\"max_tokens\":100000000000000000000000000000,"
						+ "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

		assertError(response, 400, "'max_tokens' must be at most 2147483647, not 100000000000000000000000000000.",
				"invalid_request_error", "invalid_value");
	}

	@Test
	void chatCompletionWhenMaxTokensNotAnIntegerThenBadRequest() {
		Http.Response response = this.http.post("/v1/chat/completions", this.token,
				"{\"model\":\"echo-small\",\"max_tokens\":\"ten\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

		assertError(response, 400, "'max_tokens' must be an integer.", "invalid_request_error", "invalid_type");
	}

	@Test
	void chatCompletionWhenPromptAndMaxTokensExceedWindowThenBadRequest() {
		String token = this.issuer.token(ChatCompletionsTests.newClientId())
			.policy(Policy.basic().tokensPerMinute(100L).maxTokensPerRequest(null))
			.sign();

		// "hi" is 8 prompt tokens: 8 + 95 is more than the whole window.
		Http.Response response = this.http.post("/v1/chat/completions", token, Chat.request("echo-small", "hi", 95L));

		assertError(response, 400,
				"Request too large for tokens per min (TPM): limit 100, requested 103"
						+ " (prompt + max_tokens). Lower max_tokens or shorten the messages.",
				"invalid_request_error", "request_too_large");
	}

	@Test
	void chatCompletionWhenTokenWindowSpentThenTooManyRequestsWithRetryAfter() {
		String clientId = ChatCompletionsTests.newClientId();
		String token = this.issuer.token(clientId).policy(Policy.basic().tokensPerMinute(30L)).sign();
		String request = Chat.request("echo-small", "Hello, world!", 4L);
		assertThat(this.http.post("/v1/chat/completions", token, request).status()).isEqualTo(200);
		assertThat(this.http.post("/v1/chat/completions", token, request).status()).isEqualTo(200);

		Http.Response response = this.http.post("/v1/chat/completions", token, request);

		assertThat(response.status()).isEqualTo(429);
		long retryAfter = Long.parseLong(response.header("Retry-After"));
		assertThat(retryAfter).isBetween(1L, 60L);
		assertThat(response.json().get("error").get("message").asString())
			.matches("Rate limit reached for tokens per min \\(TPM\\) of client '" + clientId
					+ "': limit 30, remaining 0, requested 15\\. Please try again in (\\d+s|\\d+ms)\\.");
		assertThat(response.json().get("error").get("type").asString()).isEqualTo("tokens");
		assertThat(response.json().get("error").get("code").asString()).isEqualTo("rate_limit_exceeded");
		assertThat(response.header("x-ratelimit-limit-tokens")).isEqualTo("30");
		assertThat(response.header("x-ratelimit-remaining-tokens")).isEqualTo("0");
		assertThat(response.header("x-ratelimit-remaining-requests")).isEqualTo("117");
	}

	@Test
	void chatCompletionWhenRequestWindowSpentThenTooManyRequestsOfTypeRequests() {
		String clientId = ChatCompletionsTests.newClientId();
		String token = this.issuer.token(clientId).policy(Policy.basic().requestsPerMinute(1L)).sign();
		assertThat(this.http.post("/v1/chat/completions", token, Chat.request("echo-small", "hi", 4L)).status())
			.isEqualTo(200);

		Http.Response response = this.http.post("/v1/chat/completions", token, Chat.request("echo-small", "hi", 4L));

		assertThat(response.status()).isEqualTo(429);
		assertThat(response.header("Retry-After")).isNotNull();
		assertThat(response.json().get("error").get("type").asString()).isEqualTo("requests");
		assertThat(response.json().get("error").get("message").asString())
			.startsWith("Rate limit reached for requests per min (RPM) of client '" + clientId
					+ "': limit 1, remaining 0," + " requested 1.");
		assertThat(response.header("x-ratelimit-remaining-requests")).isEqualTo("0");
		assertThat(response.header("x-ratelimit-limit-tokens")).isEqualTo("60000");
	}

	@Test
	void chatCompletionWhenTokenHasNoLlmClaimThenForbidden() {
		String clientId = ChatCompletionsTests.newClientId();
		String token = this.issuer.token(clientId).claim("llm", null).sign();

		Http.Response response = this.http.post("/v1/chat/completions", token, Chat.request("echo-small", "hi", null));

		assertError(response, 403, "The access token carries no llm claim: client '" + clientId
				+ "' has no LLM quota policy at the issuer.", "invalid_request_error", "missing_llm_claim");
		assertThat(response.header("x-ratelimit-limit-tokens")).isNull();
	}

	@Test
	void chatCompletionWhenLlmClaimMalformedThenForbidden() {
		String token = this.issuer.token(ChatCompletionsTests.newClientId())
			.policy(Policy.basic().tokensPerMinute(-5L))
			.sign();

		Http.Response response = this.http.post("/v1/chat/completions", token, Chat.request("echo-small", "hi", null));

		assertError(response, 403,
				"The access token's llm claim is malformed: llm.tokens_per_minute is not a non-negative integer.",
				"invalid_request_error", "invalid_llm_claim");
	}

	@Test
	void chatCompletionWhenPolicyAllowsZeroTokensThenTooManyRequests() {
		String clientId = ChatCompletionsTests.newClientId();
		String token = this.issuer.token(clientId).policy(Policy.basic().tokensPerDay(0L)).sign();

		Http.Response response = this.http.post("/v1/chat/completions", token, Chat.request("echo-small", "hi", null));

		assertError(response, 429,
				"Rate limit reached for tokens per day (TPD) of client '" + clientId + "': the policy allows 0.",
				"tokens", "rate_limit_exceeded");
		assertThat(response.header("Retry-After")).isNotNull();
	}

	@Test
	void unknownApiPathWhenAuthenticatedThenNotFoundInOpenAiShape() {
		Http.Response response = this.http.get("/v1/embeddings", this.token);

		assertError(response, 404, "Unknown request URL: GET /v1/embeddings.", "invalid_request_error", "unknown_url");
	}

	@Test
	void chatCompletionsWhenGetThenMethodNotAllowed() {
		Http.Response response = this.http.get("/v1/chat/completions", this.token);

		assertThat(response.status()).isEqualTo(405);
		assertThat(response.body()).isEqualTo("{\"error\":{\"message\":\"Method GET is not allowed on"
				+ " /v1/chat/completions.\",\"type\":\"invalid_request_error\",\"code\":\"method_not_allowed\"}}");
	}

	private static void assertError(Http.Response response, int status, String message, String type, String code) {
		assertThat(response.status()).isEqualTo(status);
		assertThat(response.header("Content-Type")).isEqualTo("application/json");
		assertThat(response.body()).isEqualTo("{\"error\":{\"message\":" + Http.Response.quote(message) + ",\"type\":\""
				+ type + "\",\"code\":\"" + code + "\"}}");
		if (status != 403 || !code.endsWith("llm_claim")) {
			// The caller is known and has a policy: its windows go with every answer.
			assertThat(response.header("x-ratelimit-limit-tokens")).isNotNull();
			assertThat(response.header("x-ratelimit-remaining-tokens")).isNotNull();
			assertThat(response.header("x-ratelimit-reset-tokens")).isNotNull();
			assertThat(response.header("x-ratelimit-limit-requests")).isNotNull();
			assertThat(response.header("x-ratelimit-remaining-requests")).isNotNull();
			assertThat(response.header("x-ratelimit-reset-requests")).isNotNull();
		}
	}

}
