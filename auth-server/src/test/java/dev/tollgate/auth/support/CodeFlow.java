package dev.tollgate.auth.support;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization-code flow without a browser: a user signs in through the login form,
 * the client's authorization request is sent with PKCE (S256), the consent form is posted
 * with the scopes the user allows, and the redirect to the client is read. Every step is
 * a real HTTP request through {@link FormSession}.
 */
public final class CodeFlow {

	private final String baseUrl;

	private final FormSession browser;

	private final Pkce pkce = Pkce.s256();

	private CodeFlow(String baseUrl) {
		this.baseUrl = baseUrl;
		this.browser = new FormSession(baseUrl);
	}

	/** A browser in which {@code username} has signed in. */
	public static CodeFlow signedIn(String baseUrl, String username, String password) {
		CodeFlow flow = new CodeFlow(baseUrl);
		Http.Response login = flow.browser.login(username, password);
		assertThat(login.status()).isEqualTo(302);
		assertThat(login.header("Location")).doesNotContain("error");
		return flow;
	}

	/** The {@code code_verifier} of the requests of this flow. */
	public String codeVerifier() {
		return this.pkce.verifier();
	}

	/**
	 * Sends the authorization request with PKCE and {@code state} added to the given
	 * query parameters (name, value pairs; a name may repeat).
	 * @return the answer: a redirect to the consent page, or an error redirect to the
	 * client
	 */
	public Http.Response authorize(String clientId, String redirectUri, String... namesAndValues) {
		StringBuilder query = new StringBuilder("/oauth2/authorize?response_type=code&client_id=")
			.append(Http.encode(clientId))
			.append("&redirect_uri=")
			.append(Http.encode(redirectUri))
			.append("&state=")
			.append(Pkce.randomValue())
			.append("&code_challenge=")
			.append(this.pkce.challenge())
			.append("&code_challenge_method=S256");
		for (int i = 0; i < namesAndValues.length; i += 2) {
			query.append('&')
				.append(Http.encode(namesAndValues[i]))
				.append('=')
				.append(Http.encode(namesAndValues[i + 1]));
		}
		return this.browser.get(query.toString());
	}

	/**
	 * Posts the consent form that {@code consentRedirect} leads to, allowing
	 * {@code scopes}.
	 * @return the query parameters of the redirect to the client ({@code code},
	 * {@code state})
	 */
	public Map<String, String> consent(Http.Response consentRedirect, String... scopes) {
		assertThat(consentRedirect.status()).as(consentRedirect.header("Location")).isEqualTo(302);
		String consentPage = consentRedirect.header("Location").substring(this.baseUrl.length());
		assertThat(consentPage).startsWith("/oauth2/consent");
		Map<String, String> consentQuery = query(consentRedirect.header("Location"));

		List<String> form = new ArrayList<>(List.of("client_id", consentQuery.get("client_id"), "state",
				consentQuery.get("state"), "_csrf", this.browser.csrfToken(consentPage)));
		for (String scope : scopes) {
			form.add("scope");
			form.add(scope);
		}
		Http.Response redirect = this.browser.post("/oauth2/authorize", form.toArray(String[]::new));
		assertThat(redirect.status()).as(redirect.body()).isEqualTo(302);
		return query(redirect.header("Location"));
	}

	/** The query parameters of a URI, decoded; the first value of a repeated name. */
	public static Map<String, String> query(String uri) {
		Map<String, String> parameters = new LinkedHashMap<>();
		UriComponentsBuilder.fromUri(URI.create(uri))
			.build(true)
			.getQueryParams()
			.forEach((name, values) -> parameters.put(name, UriUtils.decode(values.get(0), StandardCharsets.UTF_8)));
		return parameters;
	}

}
