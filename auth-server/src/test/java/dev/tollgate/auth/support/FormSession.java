package dev.tollgate.auth.support;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A person's browser without the rendering: keeps the session cookie, reads the CSRF
 * token out of a page's form, and posts forms with or without it. No redirect is
 * followed, so each answer is seen as it is.
 */
public final class FormSession {

	private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	private final HttpClient client = HttpClient.newBuilder()
		.cookieHandler(new CookieManager())
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String baseUrl;

	public FormSession(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public Http.Response get(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path)).GET());
	}

	/** The CSRF token of the page's form. */
	public String csrfToken(String path) {
		Http.Response page = get(path);
		Matcher matcher = CSRF_FIELD.matcher(page.body());
		if (!matcher.find()) {
			throw new AssertionError("No CSRF field on " + path + ": " + page.status());
		}
		return matcher.group(1);
	}

	/** Posts the login form with the page's CSRF token. */
	public Http.Response login(String username, String password) {
		return post("/login", "username", username, "password", password, "_csrf", csrfToken("/login"));
	}

	public Http.Response post(String path, String... namesAndValues) {
		String body = Stream.iterate(0, (i) -> i < namesAndValues.length, (i) -> i + 2)
			.map((i) -> Http.encode(namesAndValues[i]) + "=" + Http.encode(namesAndValues[i + 1]))
			.collect(Collectors.joining("&"));
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	private Http.Response send(HttpRequest.Builder request) {
		return Http.send(this.client, request.timeout(Duration.ofSeconds(30)).build());
	}

}
