package dev.tollgate.gateway.chat;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a completion used, in OpenAI's {@code usage} shape.
 *
 * @param promptTokens tokens of the messages
 * @param completionTokens tokens of the answer
 */
record Usage(@JsonProperty("prompt_tokens") long promptTokens,
		@JsonProperty("completion_tokens") long completionTokens) {

	static final Usage NONE = new Usage(0, 0);

	@JsonProperty("total_tokens")
	long totalTokens() {
		return this.promptTokens + this.completionTokens;
	}

}
