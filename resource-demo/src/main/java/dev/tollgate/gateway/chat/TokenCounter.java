package dev.tollgate.gateway.chat;

import java.util.List;

import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.IntArrayList;

import dev.tollgate.gateway.model.ModelCatalog.Model;

/**
 * Counts tokens as OpenAI's chat models do, with the model's encoding: each message costs
 * its role, content and name plus 3 tokens of framing (1 more with a name), and every
 * reply is primed with 3 tokens. Special-token text such as {@code <|endoftext|>} in a
 * message counts as ordinary text. NOTE: only text is counted before a call; images,
 * {@code tools} and {@code response_format} are not, and an upstream's reported usage
 * charges them after.
 */
final class TokenCounter {

	private static final int PER_MESSAGE = 3;

	private static final int PER_NAME = 1;

	private static final int REPLY_PRIMING = 3;

	private TokenCounter() {
	}

	static long prompt(Model model, List<ChatMessage> messages) {
		Encoding encoding = model.encoding();
		long tokens = REPLY_PRIMING;
		for (ChatMessage message : messages) {
			tokens += PER_MESSAGE + encoding.countTokensOrdinary(message.role())
					+ encoding.countTokensOrdinary(message.text());
			if (message.name() != null) {
				tokens += PER_NAME + encoding.countTokensOrdinary(message.name());
			}
		}
		return tokens;
	}

	static long text(Model model, String text) {
		return model.encoding().countTokensOrdinary(text);
	}

	/** The longest start of {@code text} of at most {@code maxTokens} tokens. */
	static Truncated truncate(Model model, String text, long maxTokens) {
		IntArrayList tokens = model.encoding().encodeOrdinary(text);
		if (tokens.size() <= maxTokens) {
			return new Truncated(text, tokens.size(), false);
		}
		IntArrayList kept = new IntArrayList((int) maxTokens);
		for (int i = 0; i < maxTokens; i++) {
			kept.add(tokens.get(i));
		}
		return new Truncated(model.encoding().decode(kept), (int) maxTokens, true);
	}

	/**
	 * @param text what is kept
	 * @param tokens how many tokens it is
	 * @param cut whether anything was cut off
	 */
	record Truncated(String text, int tokens, boolean cut) {

	}

}
