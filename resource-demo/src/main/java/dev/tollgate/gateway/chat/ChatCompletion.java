package dev.tollgate.gateway.chat;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * OpenAI's {@code chat.completion} object, and the {@code chat.completion.chunk} objects
 * of a stream.
 */
record ChatCompletion(String id, String object, long created, String model, List<Choice> choices, Usage usage) {

	record Choice(int index, Message message, @JsonProperty("finish_reason") String finishReason) {

	}

	record Message(String role, String content) {

	}

	record Chunk(String id, String object, long created, String model, List<ChunkChoice> choices,
			@JsonInclude(JsonInclude.Include.NON_NULL) Usage usage) {

	}

	record ChunkChoice(int index, Delta delta, @JsonProperty("finish_reason") String finishReason) {

	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Delta(String role, String content) {

	}

}
