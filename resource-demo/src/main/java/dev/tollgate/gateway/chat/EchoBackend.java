package dev.tollgate.gateway.chat;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import dev.tollgate.gateway.chat.ChatCompletion.Chunk;
import dev.tollgate.gateway.chat.ChatCompletion.ChunkChoice;
import dev.tollgate.gateway.chat.ChatCompletion.Delta;
import dev.tollgate.gateway.chat.TokenCounter.Truncated;

/**
 * The built-in models, deterministic and without network: they answer with the last user
 * message, cut to the completion allowance and to the model's own limit
 * ({@code echo-small} writes at most 32 tokens, {@code echo-large} 4096), with
 * {@code finish_reason} {@code length} when cut and {@code stop} otherwise.
 */
final class EchoBackend implements ChatBackend {

	private final JsonMapper json;

	EchoBackend(JsonMapper json) {
		this.json = json;
	}

	@Override
	public Answer complete(CompletionPlan plan) {
		Truncated echo = echo(plan);
		Usage usage = new Usage(plan.promptTokens(), echo.tokens());
		ChatCompletion completion = new ChatCompletion(newId(), "chat.completion", Instant.now().getEpochSecond(),
				plan.model().id(), List.of(new ChatCompletion.Choice(0,
						new ChatCompletion.Message("assistant", echo.text()), finishReason(echo))),
				usage);
		return new Answer(200, completion, usage);
	}

	@Override
	public Streamed stream(CompletionPlan plan, EventStream events) {
		Truncated echo = echo(plan);
		Usage usage = new Usage(plan.promptTokens(), echo.tokens());
		String id = newId();
		long created = Instant.now().getEpochSecond();
		String model = plan.model().id();
		boolean includeUsage = plan.request().includeUsage();

		try {
			events.open();
			events.data(chunk(new Chunk(id, "chat.completion.chunk", created, model,
					List.of(new ChunkChoice(0, new Delta("assistant", ""), null)), null)));
			events.data(chunk(new Chunk(id, "chat.completion.chunk", created, model,
					List.of(new ChunkChoice(0, new Delta(null, echo.text()), null)), null)));
			events.data(chunk(new Chunk(id, "chat.completion.chunk", created, model,
					List.of(new ChunkChoice(0, new Delta(null, null), finishReason(echo))), null)));
			if (includeUsage) {
				events.data(chunk(new Chunk(id, "chat.completion.chunk", created, model, List.of(), usage)));
			}
			events.data("[DONE]");
		}
		catch (IOException ex) {
			// The caller went away; the answer was written all the same and counts.
		}
		return new Streamed(usage, null);
	}

	private static Truncated echo(CompletionPlan plan) {
		long limit = Math.min(plan.completionAllowance(), plan.model().maxOutputTokens());
		return TokenCounter.truncate(plan.model(), plan.request().lastUserText(), limit);
	}

	private static String finishReason(Truncated echo) {
		return echo.cut() ? "length" : "stop";
	}

	private String chunk(Chunk chunk) {
		return this.json.writeValueAsString(chunk);
	}

	private static String newId() {
		return "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
	}

}
