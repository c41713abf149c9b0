package dev.tollgate.bench.load;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes the grants that the refresh benchmark rotates: a user logs in once through the
 * server's login form, then each grant is one authorization-code flow with PKCE (S256),
 * consent given on the first when the server asks for it. Writes one refresh token a
 * line. Each refresh token is single-use, so the load script never sends one twice: it
 * sends the successor that each answer returns (see {@code deploy/bench/refresh.lua}).
 * <p>
 * Arguments: {@code issuer client_id client_secret|- redirect_uri scope count file
 * username password}.
 */
public final class RefreshTokenMint {

	private static final Pattern CODE = Pattern.compile("[?&]code=([^&]+)");

	private static final Pattern REFRESH_TOKEN = Pattern.compile("\"refresh_token\"\\s*:\\s*\"([^\"]+)\"");

	private static final Pattern HIDDEN_CSRF = Pattern
		.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"_csrf\"");

	private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"");

	private static final Pattern SCOPE_BOX = Pattern.compile("name=\"scope\"[^>]*value=\"([^\"]+)\"");

	private final SecureRandom random = new SecureRandom();

	private final HttpClient http = HttpClient.newBuilder()
		.cookieHandler(new CookieManager())
		.followRedirects(HttpClient.Redirect.NEVER)
		.version(HttpClient.Version.HTTP_1_1)
		.build();

	private final String issuer;

	private final String clientId;

	private final String clientSecret;

	private final String redirectUri;

	private final String scope;

	private RefreshTokenMint(String[] args) {
		this.issuer = args[0];
		this.clientId = args[1];
		this.clientSecret = "-".equals(args[2]) ? null : args[2];
		this.redirectUri = args[3];
		this.scope = args[4];
	}

	public static void main(String[] args) throws Exception {
		RefreshTokenMint mint = new RefreshTokenMint(args);
		int count = Integer.parseInt(args[5]);
		mint.logIn(args[7], args[8]);
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			tokens.add(mint.grant());
		}
		Files.write(Path.of(args[6]), tokens);
		System.out.println("Minted " + count + " refresh tokens of " + mint.clientId + " at " + mint.issuer);
	}

	private void logIn(String username, String password) throws IOException, InterruptedException {
		HttpResponse<String> page = get(this.issuer + "/login");
		Map<String, String> form = new LinkedHashMap<>();
		form.put("username", username);
		form.put("password", password);
		form.put("_csrf", csrf(page.body()));
		HttpResponse<String> answer = post(this.issuer + "/login", form, null);
		String location = answer.headers().firstValue("Location").orElse("");
		if (answer.statusCode() != 302 || location.contains("error")) {
			throw new IllegalStateException("Login failed: " + answer.statusCode() + " " + location);
		}
	}

	private String grant() throws IOException, InterruptedException {
		String verifier = randomValue();
		String state = randomValue();
		String authorize = this.issuer + "/oauth2/authorize?response_type=code&client_id=" + encode(this.clientId)
				+ "&redirect_uri=" + encode(this.redirectUri) + "&scope=" + encode(this.scope) + "&state=" + state
				+ "&code_challenge=" + challenge(verifier) + "&code_challenge_method=S256";
		HttpResponse<String> answer = get(authorize);
		String location = answer.headers().firstValue("Location").orElse("");
		for (int step = 0; step < 5 && !location.startsWith(this.redirectUri); step++) {
			// A consent page, maybe after a redirect to it: consent once, then the code.
			answer = (answer.statusCode() == 200) ? consent(answer.body())
					: get(URI.create(this.issuer + "/").resolve(location).toString());
			location = answer.headers().firstValue("Location").orElse("");
		}
		Matcher code = CODE.matcher(location);
		if (!code.find()) {
			throw new IllegalStateException("No code: " + answer.statusCode() + " " + location);
		}

		Map<String, String> exchange = new LinkedHashMap<>();
		exchange.put("grant_type", "authorization_code");
		exchange.put("code", java.net.URLDecoder.decode(code.group(1), StandardCharsets.UTF_8));
		exchange.put("redirect_uri", this.redirectUri);
		exchange.put("code_verifier", verifier);
		if (this.clientSecret == null) {
			exchange.put("client_id", this.clientId);
		}
		HttpResponse<String> token = post(this.issuer + "/oauth2/token", exchange, this.clientSecret);
		Matcher refreshToken = REFRESH_TOKEN.matcher(token.body());
		if (token.statusCode() != 200 || !refreshToken.find()) {
			throw new IllegalStateException("No refresh token: " + token.statusCode());
		}
		return refreshToken.group(1);
	}

	/** Gives every scope the consent page offers. */
	private HttpResponse<String> consent(String page) throws IOException, InterruptedException {
		String form = page.substring(0, Math.max(page.indexOf("deny-form"), 0) > 0 ? page.indexOf("deny-form")
				: page.length());
		List<String> fields = new ArrayList<>();
		Matcher hidden = HIDDEN.matcher(form);
		while (hidden.find()) {
			fields.add(encode(hidden.group(1)) + "=" + encode(unescape(hidden.group(2))));
		}
		Matcher scopes = SCOPE_BOX.matcher(form);
		while (scopes.find()) {
			fields.add("scope=" + encode(scopes.group(1)));
		}
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.issuer + "/oauth2/authorize"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(String.join("&", fields)))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String url) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET().build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String url, Map<String, String> form, String secret)
			throws IOException, InterruptedException {
		List<String> fields = new ArrayList<>();
		form.forEach((name, value) -> fields.add(encode(name) + "=" + encode(value)));
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(String.join("&", fields)));
		if (secret != null) {
			String credentials = encode(this.clientId) + ":" + encode(secret);
			request.header("Authorization", "Basic "
					+ Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String csrf(String page) {
		Matcher matcher = HIDDEN_CSRF.matcher(page);
		if (!matcher.find()) {
			throw new IllegalStateException("The login page has no CSRF token");
		}
		return (matcher.group(1) != null) ? matcher.group(1) : matcher.group(2);
	}

	private String randomValue() {
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static String challenge(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String unescape(String html) {
		return html.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'");
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
