package dev.tollgate.deploy.system;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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

import dev.tollgate.deploy.system.Http.Response;

import static dev.tollgate.deploy.system.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo app's authorization code flow with PKCE (RFC 6749 section 4.1, RFC 7636) for
 * the demo user, over plain HTTP as a browser without JavaScript would do it: a
 * cookie-keeping client follows the redirects, posts the sign-in and consent forms with
 * their hidden fields (the CSRF token among them), and the app exchanges the code.
 */
final class SignIn {

	static final String CLIENT_ID = "demo-app";

	static final String REDIRECT_URI = "http://127.0.0.1:8080/callback";

	private static final Pattern INPUT = Pattern.compile("<input\\b[^>]*>");

	private static final Pattern FORM = Pattern.compile("<form\\b[^>]*id=\"consent-form\"[^>]*>(.*?)</form>",
			Pattern.DOTALL);

	private static final SecureRandom random = new SecureRandom();

	private final String baseUrl;

	private final Http browser = Http.withCookies();

	SignIn(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	/** Signs alice in and answers the token response: access, refresh and ID token. */
	Response asAlice() {
		String verifier = randomValue();
		String state = randomValue();
		String authorize = this.baseUrl + "/oauth2/authorize?"
				+ Http.query(Map.of("response_type", "code", "client_id", CLIENT_ID, "redirect_uri", REDIRECT_URI,
						"scope", "openid profile llm.chat", "state", state, "code_challenge", challenge(verifier),
						"code_challenge_method", "S256"));

		Response toLogin = this.browser.get(authorize, null);
		Response loginPage = this.browser.get(location(toLogin), null);
		Map<String, String> login = hiddenFields(loginPage.body());
		Response signedIn = this.browser.postForm(this.baseUrl + "/login", null,
				form("username", "alice", "password", "alice-password", "_csrf", login.get("_csrf")));
		assertThat(location(signedIn)).as("sign-in accepted").doesNotContain("error");

		URI callback = consentIfAsked(this.browser.get(location(signedIn), null));
		assertThat(callback.toString()).as("redirect to the app").startsWith(REDIRECT_URI);
		Map<String, String> answer = queryParameters(callback);
		assertThat(answer.get("state")).isEqualTo(state);

		return Http.create()
			.postForm(this.baseUrl + "/oauth2/token", null, form("grant_type", "authorization_code", "client_id",
					CLIENT_ID, "redirect_uri", REDIRECT_URI, "code_verifier", verifier, "code", answer.get("code")));
	}

	/** Refreshes as the public demo app (RFC 6749 section 6). */
	Response refresh(String refreshToken) {
		return Http.create()
			.postForm(this.baseUrl + "/oauth2/token", null,
					form("grant_type", "refresh_token", "client_id", CLIENT_ID, "refresh_token", refreshToken));
	}

	/**
	 * The redirect to the app, through the consent page when the server shows it (not
	 * when alice has granted every scope before).
	 */
	private URI consentIfAsked(Response authorization) {
		URI next = URI.create(location(authorization));
		if (!next.getPath().equals("/oauth2/consent")) {
			return next;
		}
		Response consentPage = this.browser.get(next.toString(), null);
		assertThat(consentPage.status()).as("the consent page").isEqualTo(200);
		Response decision = this.browser.postForm(this.baseUrl + "/oauth2/authorize", null,
				consentForm(consentPage.body()));
		return URI.create(location(decision));
	}

	private String location(Response redirect) {
		assertThat(redirect.status()).as(redirect.body()).isEqualTo(302);
		return URI.create(this.baseUrl + "/").resolve(redirect.header("Location")).toString();
	}

	/**
	 * The consent form's fields with every scope it offers checked, as a user allowing
	 * all.
	 */
	private static String consentForm(String page) {
		Matcher consent = FORM.matcher(page);
		assertThat(consent.find()).as("a consent form").isTrue();
		List<String> fields = new ArrayList<>();
		Matcher input = INPUT.matcher(consent.group(1));
		while (input.find()) {
			String tag = input.group();
			String name = attribute(tag, "name");
			if (name != null && attribute(tag, "disabled") == null) {
				fields.add(name);
				fields.add(attribute(tag, "value"));
			}
		}
		return form(fields.toArray(String[]::new));
	}

	private static Map<String, String> hiddenFields(String page) {
		Map<String, String> fields = new LinkedHashMap<>();
		Matcher input = INPUT.matcher(page);
		while (input.find()) {
			String tag = input.group();
			if ("hidden".equals(attribute(tag, "type"))) {
				fields.put(attribute(tag, "name"), attribute(tag, "value"));
			}
		}
		return fields;
	}

	private static String attribute(String tag, String name) {
		Matcher value = Pattern.compile("\\s" + name + "(?:=\"([^\"]*)\")?").matcher(tag);
		if (!value.find()) {
			return null;
		}
		return (value.group(1) != null) ? value.group(1).replace("&amp;", "&") : "";
	}

	private static Map<String, String> queryParameters(URI uri) {
		Map<String, String> parameters = new LinkedHashMap<>();
		for (String pair : uri.getRawQuery().split("&")) {
			String[] nameAndValue = pair.split("=", 2);
			parameters.put(nameAndValue[0], URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8));
		}
		return parameters;
	}

	private static String randomValue() {
		byte[] value = new byte[32];
		random.nextBytes(value);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
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

}
