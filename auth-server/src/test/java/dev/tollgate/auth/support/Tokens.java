package dev.tollgate.auth.support;

import static dev.tollgate.auth.support.Http.basic;
import static dev.tollgate.auth.support.Http.form;

/**
 * Access tokens of the demo clients, issued over HTTP by the client_credentials grant.
 */
public final class Tokens {

	public static final String SERVICE = basic("demo-service", "demo-service-secret");

	public static final String ADMIN = basic("demo-admin", "demo-admin-secret");

	private Tokens() {
	}

	/** A token of {@code demo-service}, scope {@code llm.chat}. */
	public static String service(Http http) {
		return issue(http, SERVICE);
	}

	/** A token of {@code demo-admin}, scope {@code admin}. */
	public static String admin(Http http) {
		return issue(http, ADMIN);
	}

	public static String issue(Http http, String clientAuthentication) {
		Http.Response response = http.postForm("/oauth2/token", clientAuthentication,
				form("grant_type", "client_credentials"));
		if (response.status() != 200) {
			throw new AssertionError("No token: " + response.status() + " " + response.body());
		}
		return response.field("access_token");
	}

}
