package dev.tollgate.auth.token;

import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.SignedJWT;
import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.Jwts;
import dev.tollgate.auth.support.TestAuthServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.tollgate.auth.support.Http.basic;
import static dev.tollgate.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client_credentials grant (RFC 6749 section 4.4) and the shape of its access token
 * (RFC 9068).
 */
class ClientCredentialsGrantTests {

	private static Http http;

	private static TestAuthServer server;

	@BeforeAll
	static void startServer() {
		server = TestAuthServer.shared();
		http = new Http(server.baseUrl());
	}

	@Test
	void tokenWhenClientSecretBasicThenRfc9068AccessToken() {
		Response response = http.postForm("/oauth2/token", basic("demo-service", "demo-service-secret"),
				form("grant_type", "client_credentials", "scope", "llm.chat"));

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Cache-Control")).contains("no-store");
		assertThat(response.field("token_type")).isEqualTo("Bearer");
		assertThat(response.field("scope")).isEqualTo("llm.chat");
		assertThat(response.json().get("expires_in").asInt()).isBetween(298, 300);
		assertThat(response.json().has("refresh_token")).isFalse();

		String accessToken = response.field("access_token");
		SignedJWT jwt = Jwts.parse(accessToken);
		assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
		assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
		assertThat(jwt.getHeader().getKeyID()).isNotBlank();

		Map<String, Object> claims = Jwts.verifiedClaims(http, accessToken);
		assertThat(claims).containsEntry("iss", server.baseUrl())
			.containsEntry("sub", "demo-service")
			.containsEntry("client_id", "demo-service")
			.containsEntry("scope", "llm.chat")
			.containsEntry("aud", "llm-gateway")
			.containsKeys("iat", "nbf", "exp", "jti");
		long lifetime = ((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue();
		assertThat(lifetime).isEqualTo(300);
	}

	@Test
	void tokenWhenClientSecretPostThenIssued() {
		Response response = http.postForm("/oauth2/token", null, form("grant_type", "client_credentials", "client_id",
				"demo-service", "client_secret", "demo-service-secret"));

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.field("scope")).isEqualTo("llm.chat");
	}

	@Test
	void tokenWhenScopeBelongsToNoResourceServerThenAudienceIsTheIssuer() {
		Response response = http.postForm("/oauth2/token", basic("demo-admin", "demo-admin-secret"),
				form("grant_type", "client_credentials"));

		assertThat(response.status()).isEqualTo(200);
		Map<String, Object> claims = Jwts.verifiedClaims(http, response.field("access_token"));
		assertThat(claims).containsEntry("aud", server.baseUrl()).containsEntry("scope", "admin");
	}

	@Test
	void tokenTwiceThenEachHasItsOwnJti() {
		List<String> jtis = List.of(issue(), issue())
			.stream()
			.map((token) -> (String) Jwts.verifiedClaims(http, token).get("jti"))
			.toList();

		assertThat(jtis.get(0)).isNotEqualTo(jtis.get(1));
	}

	private static String issue() {
		return http
			.postForm("/oauth2/token", basic("demo-service", "demo-service-secret"),
					form("grant_type", "client_credentials"))
			.field("access_token");
	}

}
