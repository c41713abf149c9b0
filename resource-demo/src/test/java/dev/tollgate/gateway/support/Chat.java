package dev.tollgate.gateway.support;

/** Chat completion request bodies, as JSON text. */
public final class Chat {

	private Chat() {
	}

	/** One user message; {@code maxTokens} {@code null} leaves max_tokens out. */
	public static String request(String model, String userMessage, Long maxTokens) {
		String max = (maxTokens != null) ? ",\"max_tokens\":" + maxTokens : "";
		return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + userMessage + "\"}]"
				+ max + "}";
	}

	/** "a a a ..." of {@code count} tokens in cl100k_base. */
	public static String tokens(int count) {
		return "a" + " a".repeat(count - 1);
	}

}
