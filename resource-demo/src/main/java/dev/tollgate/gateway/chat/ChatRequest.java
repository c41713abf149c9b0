package dev.tollgate.gateway.chat;

import java.util.List;

import tools.jackson.databind.node.ObjectNode;

/**
 * A validated {@code POST /v1/chat/completions} request.
 *
 * @param model the model asked for
 * @param messages the conversation, never empty
 * @param maxTokens the completion limit asked for ({@code max_completion_tokens} or
 * {@code max_tokens}, the smaller when both), or {@code null}
 * @param maxTokensParameter which of the two names the request used for it
 * @param stream whether the answer is to be streamed as server-sent events
 * @param includeUsage whether a stream is to end with a usage chunk
 * @param body the request as sent, to forward upstream
 */
record ChatRequest(String model, List<ChatMessage> messages, Long maxTokens, String maxTokensParameter, boolean stream,
		boolean includeUsage, ObjectNode body) {

	/** The text the echo models answer with: the last user message. */
	String lastUserText() {
		for (int i = this.messages.size() - 1; i >= 0; i--) {
			if ("user".equals(this.messages.get(i).role())) {
				return this.messages.get(i).text();
			}
		}
		return "";
	}

}
