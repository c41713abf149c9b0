package dev.tollgate.deploy.system;

import dev.tollgate.deploy.system.Http.Response;

import static dev.tollgate.deploy.system.Http.bearer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a caller does at one gateway: a small chat completion with {@code echo-small},
 * which takes from the caller's quota, and the model list, which does not.
 */
final class GatewayClient {

	static final String CHAT = "{\"model\":\"echo-small\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],"
			+ "\"max_tokens\":8}";

	private final String baseUrl;

	private final Http http = Http.create();

	GatewayClient(JarProcess gateway) {
		this.baseUrl = gateway.baseUrl();
	}

	Response chat(String token) {
		return this.http.postJson(this.baseUrl + "/v1/chat/completions", bearer(token), CHAT);
	}

	Response models(String token) {
		return this.http.get(this.baseUrl + "/v1/models", bearer(token));
	}

	/**
	 * Asserts an OpenAI error body: exactly {@code {"error":{"message","type","code"}}}.
	 */
	static void assertOpenAiError(Response response, int status, String type, String code) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/json");
		assertThat(response.json().propertyNames()).containsExactly("error");
		assertThat(response.json().get("error").propertyNames()).containsExactlyInAnyOrder("message", "type", "code");
		assertThat(response.json().get("error").get("type").asString()).isEqualTo(type);
		assertThat(response.json().get("error").get("code").asString()).isEqualTo(code);
	}

	/** The error message of an OpenAI error body. */
	static String message(Response response) {
		return response.json().get("error").get("message").asString();
	}

}
