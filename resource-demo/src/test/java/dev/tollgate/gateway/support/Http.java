package dev.tollgate.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real HTTP requests to a real gateway, every status, header and body seen exactly as a
 * client would see it.
 */
public final class Http {

	static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.version(HttpClient.Version.HTTP_1_1)
		.build();

	private final String baseUrl;

	public Http(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	/** A JSON POST with the token as bearer ({@code null}: no Authorization header). */
	public Response post(String path, String token, String body) {
		HttpRequest.Builder request = request(path, token).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		return send(request.build());
	}

	/**
	 * A JSON POST with the token under the {@code DPoP} scheme and its proof in the
	 * {@code DPoP} header (RFC 9449 section 7.1); {@code null}: no {@code DPoP} header.
	 */
	public Response postWithProof(String path, String token, String proof, String body) {
		HttpRequest.Builder request = request(path, null).header("Authorization", "DPoP " + token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (proof != null) {
			request.header("DPoP", proof);
		}
		return send(request.build());
	}

	public Response get(String path, String token) {
		return send(request(path, token).GET().build());
	}

	/** A GET with one more header. */
	public Response get(String path, String token, String headerName, String headerValue) {
		return send(request(path, token).header(headerName, headerValue).GET().build());
	}

	/** A request with a raw Authorization header value. */
	public Response getWithAuthorization(String path, String authorization) {
		return send(request(path, null).header("Authorization", authorization).GET().build());
	}

	private HttpRequest.Builder request(String path, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(30));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return request;
	}

	private Response send(HttpRequest request) {
		try {
			HttpResponse<String> response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers().map(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** An answer: status, headers and body, the body readable as JSON. */
	public record Response(int status, Map<String, List<String>> headers, String body) {

		public JsonNode json() {
			return Http.json.readTree(this.body);
		}

		public String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
				.map((entry) -> entry.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

		public long longHeader(String name) {
			return Long.parseLong(header(name));
		}

		/** {@code text} as a JSON string literal, to write expected bodies with. */
		public static String quote(String text) {
			return Http.json.writeValueAsString(text);
		}

	}

}
