package dev.tollgate.auth.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client for tests: real requests to a real server, no redirects followed,
 * so every status and body is seen exactly as a client would see it.
 */
public final class Http {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String baseUrl;

	public Http(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	/** A form body; a name may repeat, as in {@code form("scope", "a", "scope", "b")}. */
	public static List<String[]> form(String... namesAndValues) {
		List<String[]> pairs = new ArrayList<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			pairs.add(new String[] { namesAndValues[i], namesAndValues[i + 1] });
		}
		return pairs;
	}

	public static String basic(String clientId, String secret) {
		String credentials = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
				+ URLEncoder.encode(secret, StandardCharsets.UTF_8);
		return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
	}

	public static String bearer(String accessToken) {
		return "Bearer " + accessToken;
	}

	/** A form post, with more headers as {@code name, value} pairs (a {@code Cookie}). */
	public Response postForm(String path, String authorization, List<String[]> form, String... headerNamesAndValues) {
		String body = form.stream()
			.map((pair) -> encode(pair[0]) + "=" + encode(pair[1]))
			.collect(Collectors.joining("&"));
		return post(path, authorization, "application/x-www-form-urlencoded", body, headerNamesAndValues);
	}

	public Response post(String path, String authorization, String contentType, String body,
			String... headerNamesAndValues) {
		HttpRequest.Builder request = request(path).POST(HttpRequest.BodyPublishers.ofString(body));
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		for (int i = 0; i < headerNamesAndValues.length; i += 2) {
			request.header(headerNamesAndValues[i], headerNamesAndValues[i + 1]);
		}
		return send(request.build());
	}

	public Response put(String path, String authorization, String jsonBody) {
		HttpRequest.Builder request = request(path).PUT(HttpRequest.BodyPublishers.ofString(jsonBody))
			.header("Content-Type", "application/json");
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return send(request.build());
	}

	/** A JSON body with a method of the caller's choice, such as {@code PATCH}. */
	public Response json(String method, String path, String authorization, String contentType, String body) {
		HttpRequest.Builder request = request(path).method(method, HttpRequest.BodyPublishers.ofString(body))
			.header("Content-Type", contentType);
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return send(request.build());
	}

	public Response delete(String path, String authorization) {
		HttpRequest.Builder request = request(path).DELETE();
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return send(request.build());
	}

	public Response get(String path, String authorization) {
		return send(path, "GET", authorization);
	}

	/** A request without a body, such as {@code DELETE} or a bodiless {@code POST}. */
	public Response send(String path, String method, String authorization, String... headerNamesAndValues) {
		HttpRequest.Builder request = request(path).method(method, HttpRequest.BodyPublishers.noBody());
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		for (int i = 0; i < headerNamesAndValues.length; i += 2) {
			request.header(headerNamesAndValues[i], headerNamesAndValues[i + 1]);
		}
		return send(request.build());
	}

	private HttpRequest.Builder request(String path) {
		URI uri = URI.create(path.startsWith("http") ? path : this.baseUrl + path);
		return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
	}

	private Response send(HttpRequest request) {
		return send(this.client, request);
	}

	/** Sends with {@code client}, for test clients of this package that keep cookies. */
	static Response send(HttpClient client, HttpRequest request) {
		try {
			HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
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

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/** An answer: status, headers and body, with the body readable as JSON. */
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

		/** The field as text, or {@code null} when absent. */
		public String field(String name) {
			JsonNode node = json().get(name);
			return (node != null && !node.isNull()) ? node.asString() : null;
		}

	}

}
