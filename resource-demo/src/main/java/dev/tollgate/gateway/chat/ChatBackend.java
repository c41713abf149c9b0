package dev.tollgate.gateway.chat;

/** Whatever writes the completions: the built-in echo models or an upstream. */
interface ChatBackend {

	Answer complete(CompletionPlan plan);

	/**
	 * Streams the completion into {@code events}, opening it once the answer is sure to
	 * be a stream. A caller that goes away mid-stream ends it without an error.
	 * @return what the stream used, as far as it got; or, when it never opened, the
	 * answer to give instead ({@link Streamed#refusal()})
	 */
	Streamed stream(CompletionPlan plan, EventStream events);

	/**
	 * @param usage what the stream used
	 * @param refusal the non-stream answer when the stream never opened, else
	 * {@code null}
	 */
	record Streamed(Usage usage, Answer refusal) {

	}

}
