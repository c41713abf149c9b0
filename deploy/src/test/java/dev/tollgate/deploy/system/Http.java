package dev.tollgate.deploy.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plain HTTP to the processes under test, redirects not followed, so that every status
 * and body is seen as a client sees it. A client made {@link #withCookies()} keeps
 * cookies, as a browser keeps its session.
 */
final class Http {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient client;

	private final String accept;

	private Http(HttpClient client, String accept) {
		this.client = client;
		this.accept = accept;
	}

	static Http create() {
		return new Http(builder().build(), "application/json");
	}

	/**
	 * A browser's view: cookies kept, and pages asked for ({@code Accept: text/html}).
	 */
	static Http withCookies() {
		return new Http(builder().cookieHandler(new CookieManager()).build(), "text/html,application/xhtml+xml");
	}

	private static HttpClient.Builder builder() {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5));
	}

	static String basic(String clientId, String secret) {
		String credentials = encode(clientId) + ":" + encode(secret);
		return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
	}

	static String bearer(String token) {
		return "Bearer " + token;
	}

	/** A form body of name, value pairs; a name may repeat. */
	static String form(String... namesAndValues) {
		StringBuilder body = new StringBuilder();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			body.append((i > 0) ? "&" : "")
				.append(encode(namesAndValues[i]))
				.append('=')
				.append(encode(namesAndValues[i + 1]));
		}
		return body.toString();
	}

	static String query(Map<String, String> parameters) {
		return parameters.entrySet()
			.stream()
			.map((entry) -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
			.collect(Collectors.joining("&"));
	}

	Response get(String url, String authorization) {
		return send(request(url, authorization).GET());
	}

	Response postForm(String url, String authorization, String form) {
		return send(request(url, authorization).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	Response postJson(String url, String authorization, String body) {
		return send(request(url, authorization).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	/** A {@code POST} without a body, as the admin API's actions take. */
	Response post(String url, String authorization) {
		return send(request(url, authorization).POST(HttpRequest.BodyPublishers.noBody()));
	}

	Response putJson(String url, String authorization, String body) {
		return send(request(url, authorization).header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(body)));
	}

	private HttpRequest.Builder request(String url, String authorization) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(30))
			.header("Accept", this.accept);
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return request;
	}

	private Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
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

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/** An answer: status, headers and body, the body readable as JSON. */
	record Response(int status, Map<String, List<String>> headers, String body) {

		JsonNode json() {
			return Http.json.readTree(this.body);
		}

		/** A top-level field as text, or {@code null} when absent. */
		String field(String name) {
			JsonNode node = json().get(name);
			return (node != null && !node.isNull()) ? node.asString() : null;
		}

		String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
				.map((entry) -> entry.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

		@Override
		public String toString() {
			return this.status + " " + this.body;
		}

	}

}
