package dev.tollgate.gateway.chat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import dev.tollgate.gateway.error.GatewayException;

/**
 * Forwards completions to an OpenAI-compatible upstream ({@code POST
 * <upstream-url>/chat/completions}) with the gateway's own key, never the caller's token.
 * <p>
 * When the caller gave no {@code max_tokens}, the completion allowance that was reserved
 * is sent as {@code max_tokens}, so that the upstream cannot write more than the quota
 * holds. A stream is asked with {@code stream_options.include_usage}, so that its last
 * chunk says what it used; that chunk is passed through to the caller too. The upstream's
 * own 400, 404 and 422 answers are passed through; any other failure is a 502 (504 on
 * timeout).
 */
final class UpstreamBackend implements ChatBackend {

	private static final Logger logger = LoggerFactory.getLogger(UpstreamBackend.class);

	private final URI endpoint;

	private final String apiKey;

	private final Duration timeout;

	private final JsonMapper json;

	private final HttpClient http;

	UpstreamBackend(URI upstreamUrl, String apiKey, Duration timeout, JsonMapper json) {
		String base = upstreamUrl.toString();
		this.endpoint = URI.create((base.endsWith("/") ? base : base + "/") + "chat/completions");
		this.apiKey = apiKey;
		this.timeout = timeout;
		this.json = json;
		this.http = HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(5))
			.version(HttpClient.Version.HTTP_1_1)
			.build();
	}

	@Override
	public Answer complete(CompletionPlan plan) {
		HttpResponse<byte[]> response = send(plan, false, HttpResponse.BodyHandlers.ofByteArray());
		if (!isSuccess(response.statusCode())) {
			return refusal(response.statusCode(), response.body());
		}
		JsonNode body = parse(response.body());
		return new Answer(200, body, usage(plan, body.get("usage"), answerText(body)));
	}

	@Override
	public Streamed stream(CompletionPlan plan, EventStream events) {
		HttpResponse<InputStream> response = send(plan, true, HttpResponse.BodyHandlers.ofInputStream());
		StringBuilder streamedText = new StringBuilder();
		JsonNode usage = null;
		try (InputStream body = response.body()) {
			if (!isSuccess(response.statusCode())) {
				return new Streamed(Usage.NONE, refusal(response.statusCode(), body.readAllBytes()));
			}
			events.open();
			BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				events.line(line);
				JsonNode chunk = chunk(line);
				if (chunk == null) {
					continue;
				}
				usage = chunk.hasNonNull("usage") ? chunk.get("usage") : usage;
				chunk.path("choices")
					.forEach((choice) -> streamedText.append(choice.path("delta").path("content").asString("")));
			}
		}
		catch (IOException ex) {
			if (!events.isOpen()) {
				throw unavailable(ex);
			}
			// The caller went away or the upstream broke off: settle what was seen.
			// NOTE: tokens the upstream wrote after that are not counted.
			logger.debug("Stream of client {} ended early: {}", plan.caller().clientId(), ex.getMessage());
		}
		return new Streamed(usage(plan, usage, streamedText.toString()), null);
	}

	private <T> HttpResponse<T> send(CompletionPlan plan, boolean stream, HttpResponse.BodyHandler<T> handler) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.endpoint)
			.timeout(this.timeout)
			.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
			.header(HttpHeaders.ACCEPT, stream ? MediaType.TEXT_EVENT_STREAM_VALUE : MediaType.APPLICATION_JSON_VALUE)
			.POST(HttpRequest.BodyPublishers.ofByteArray(this.json.writeValueAsBytes(forwarded(plan, stream))));
		if (this.apiKey != null && !this.apiKey.isBlank()) {
			request.header(HttpHeaders.AUTHORIZATION, "Bearer " + this.apiKey);
		}
		try {
			return this.http.send(request.build(), handler);
		}
		catch (HttpTimeoutException ex) {
			throw GatewayException.upstream(HttpStatus.GATEWAY_TIMEOUT, "upstream_timeout",
					"The upstream model server did not answer within " + this.timeout.toSeconds() + " s.");
		}
		catch (IOException ex) {
			throw unavailable(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw unavailable(ex);
		}
	}

	/**
	 * The caller's request, with the reserved allowance and the stream's usage asked for.
	 */
	private ObjectNode forwarded(CompletionPlan plan, boolean stream) {
		ObjectNode body = plan.request().body().deepCopy();
		if (plan.request().maxTokens() == null) {
			body.put("max_tokens", plan.completionAllowance());
		}
		if (stream) {
			JsonNode options = body.get("stream_options");
			ObjectNode streamOptions = (options instanceof ObjectNode object) ? object
					: body.putObject("stream_options");
			streamOptions.put("include_usage", true);
		}
		return body;
	}

	private Answer refusal(int status, byte[] body) {
		if (status == 400 || status == 404 || status == 422) {
			try {
				return new Answer(status, this.json.readTree(body), Usage.NONE);
			}
			catch (JacksonException ex) {
				// Not JSON: answered below like any other failure.
			}
		}
		logger.warn("The upstream answered {} to a chat completion", status);
		throw GatewayException.upstream(HttpStatus.BAD_GATEWAY, "upstream_error",
				"The upstream model server failed to answer (HTTP " + status + ").");
	}

	/**
	 * The usage the upstream reported, else counted here from the prompt and the text.
	 */
	private static Usage usage(CompletionPlan plan, JsonNode usage, String text) {
		if (usage != null && usage.path("prompt_tokens").isIntegralNumber()
				&& usage.path("completion_tokens").isIntegralNumber()) {
			return new Usage(usage.get("prompt_tokens").longValue(), usage.get("completion_tokens").longValue());
		}
		return new Usage(plan.promptTokens(), TokenCounter.text(plan.model(), text));
	}

	private static String answerText(JsonNode body) {
		StringBuilder text = new StringBuilder();
		body.path("choices").forEach((choice) -> text.append(choice.path("message").path("content").asString("")));
		return text.toString();
	}

	private JsonNode parse(byte[] body) {
		try {
			JsonNode node = this.json.readTree(body);
			if (node != null && node.isObject()) {
				return node;
			}
		}
		catch (JacksonException ex) {
			// Answered below.
		}
		throw GatewayException.upstream(HttpStatus.BAD_GATEWAY, "upstream_error",
				"The upstream model server answered something other than a chat completion.");
	}

	/** The JSON of a {@code data:} line, or {@code null} for anything else. */
	private JsonNode chunk(String line) {
		if (!line.startsWith("data:")) {
			return null;
		}
		String data = line.substring(5).trim();
		if (data.isEmpty() || data.equals("[DONE]")) {
			return null;
		}
		try {
			return this.json.readTree(data);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static boolean isSuccess(int status) {
		return status >= 200 && status < 300;
	}

	private static GatewayException unavailable(Exception ex) {
		logger.warn("The upstream model server does not answer: {}", ex.toString());
		return GatewayException.upstream(HttpStatus.BAD_GATEWAY, "upstream_unavailable",
				"The upstream model server does not answer.");
	}

}
