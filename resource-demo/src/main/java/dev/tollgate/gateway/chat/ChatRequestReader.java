package dev.tollgate.gateway.chat;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

import dev.tollgate.gateway.GatewayProperties;
import dev.tollgate.gateway.error.GatewayException;

/**
 * Reads and validates a chat completion request body as OpenAI's API defines it, refusing
 * each fault with its own 400 message. The body is read whatever its content type, up to
 * {@code tollgate.gateway.max-request-size}.
 */
@Component
class ChatRequestReader {

	private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");

	private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);

	private final JsonMapper json;

	private final int maxBytes;

	ChatRequestReader(JsonMapper json, GatewayProperties properties) {
		this.json = json;
		this.maxBytes = (int) properties.maxRequestSize().toBytes();
	}

	ChatRequest read(HttpServletRequest request) throws IOException {
		ObjectNode body = parse(request.getInputStream().readNBytes(this.maxBytes + 1));
		String model = model(body);
		List<ChatMessage> messages = messages(body.get("messages"));
		refuseUnsupportedN(body.get("n"));

		Long maxCompletionTokens = positive(body, "max_completion_tokens");
		Long maxTokens = positive(body, "max_tokens");
		boolean stream = flag(body.get("stream"), "stream");
		JsonNode options = body.get("stream_options");
		boolean includeUsage = options != null && options.isObject()
				&& flag(options.get("include_usage"), "stream_options.include_usage");
		if (maxCompletionTokens != null && (maxTokens == null || maxCompletionTokens <= maxTokens)) {
			return new ChatRequest(model, messages, maxCompletionTokens, "max_completion_tokens", stream, includeUsage,
					body);
		}
		return new ChatRequest(model, messages, maxTokens, "max_tokens", stream, includeUsage, body);
	}

	private ObjectNode parse(byte[] bytes) {
		if (bytes.length > this.maxBytes) {
			throw GatewayException.badRequest("payload_too_large",
					"The request body is larger than " + this.maxBytes + " bytes.");
		}
		JsonNode root;
		try {
			root = this.json.readTree(bytes);
		}
		catch (JacksonException ex) {
			throw GatewayException.badRequest("invalid_json",
					"We could not parse the JSON body of your request: it is not valid JSON.");
		}
		if (root == null || !root.isObject()) {
			throw GatewayException.badRequest("invalid_json", "The request body must be a JSON object.");
		}
		return (ObjectNode) root;
	}

	private static String model(ObjectNode body) {
		JsonNode model = body.get("model");
		if (model == null || model.isNull()) {
			throw missing("model");
		}
		if (!model.isString() || model.asString().isBlank()) {
			throw GatewayException.badRequest("invalid_type", "'model' must be a non-empty string.");
		}
		return model.asString();
	}

	private static List<ChatMessage> messages(JsonNode messages) {
		if (messages == null || messages.isNull()) {
			throw missing("messages");
		}
		if (!messages.isArray()) {
			throw GatewayException.badRequest("invalid_type", "'messages' must be an array of messages.");
		}
		if (messages.isEmpty()) {
			throw GatewayException.badRequest("invalid_value", "'messages' must hold at least one message.");
		}
		List<ChatMessage> read = new ArrayList<>();
		for (int i = 0; i < messages.size(); i++) {
			read.add(message(messages.get(i), "messages[" + i + "]"));
		}
		return read;
	}

	private static ChatMessage message(JsonNode message, String where) {
		if (!message.isObject()) {
			throw GatewayException.badRequest("invalid_type", "'" + where + "' must be an object.");
		}
		JsonNode role = message.get("role");
		if (role == null || !role.isString() || !ROLES.contains(role.asString())) {
			throw GatewayException.badRequest("invalid_value",
					"'" + where + ".role' must be one of system, developer, user, assistant, tool.");
		}
		JsonNode name = message.get("name");
		return new ChatMessage(role.asString(), text(message.get("content"), where),
				(name != null && name.isString()) ? name.asString() : null);
	}

	/**
	 * The text of a content: a string, an array of parts (text parts count), or nothing.
	 */
	private static String text(JsonNode content, String where) {
		if (content == null || content.isNull()) {
			return "";
		}
		if (content.isString()) {
			return content.asString();
		}
		if (!content.isArray()) {
			throw GatewayException.badRequest("invalid_type",
					"'" + where + ".content' must be a string or an array of content parts.");
		}
		List<String> texts = new ArrayList<>();
		for (JsonNode part : content) {
			JsonNode text = part.get("text");
			if (part.isObject() && "text".equals(part.path("type").asString()) && text != null && text.isString()) {
				texts.add(text.asString());
			}
		}
		return String.join("\n", texts);
	}

	private static Long positive(ObjectNode body, String name) {
		JsonNode value = body.get(name);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isIntegralNumber()) {
			throw GatewayException.badRequest("invalid_type", "'" + name + "' must be an integer.");
		}
		BigInteger number = value.bigIntegerValue();
		if (number.signum() <= 0) {
			throw GatewayException.badRequest("invalid_value",
					"'" + name + "' must be a positive integer, not " + number + ".");
		}
		if (number.compareTo(INT_MAX) > 0) {
			throw GatewayException.badRequest("invalid_value",
					"'" + name + "' must be at most " + Integer.MAX_VALUE + ", not " + number + ".");
		}
		return number.longValue();
	}

	private static boolean flag(JsonNode value, String name) {
		if (value == null || value.isNull()) {
			return false;
		}
		if (!value.isBoolean()) {
			throw GatewayException.badRequest("invalid_type", "'" + name + "' must be a boolean.");
		}
		return value.booleanValue();
	}

	/**
	 * NOTE: one choice per request; {@code n} above 1 is refused rather than reserved.
	 */
	private static void refuseUnsupportedN(JsonNode n) {
		if (n != null && !n.isNull() && !(n.isIntegralNumber() && n.longValue() == 1)) {
			throw GatewayException.badRequest("unsupported_value",
					"'n' other than 1 is not supported by this gateway.");
		}
	}

	private static GatewayException missing(String name) {
		return GatewayException.badRequest("missing_required_parameter", "Missing required parameter: '" + name + "'.");
	}

}
