package dev.tollgate.auth.revocation;

import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.Jwts;
import dev.tollgate.auth.support.RefreshTokenClient;
import dev.tollgate.auth.support.RefreshTokenClient.Grant;
import dev.tollgate.auth.support.TestAuthServer;
import dev.tollgate.auth.support.Tokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.tollgate.auth.support.Http.basic;
import static dev.tollgate.auth.support.Http.bearer;
import static dev.tollgate.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code GET /oauth2/revocations}: revoked access tokens by {@code jti} and {@code exp}
 * while they live, for a client with scope {@code revocations.read}.
 */
class RevocationFeedTests {

	private static final String GATEWAY = basic("demo-gateway", "demo-gateway-secret");

	private static Http http;

	@BeforeAll
	static void startServer() {
		http = new Http(TestAuthServer.shared().baseUrl());
	}

	@Test
	void revocationsWhenTokenRevokedThenListedWithItsJtiAndExp() throws ParseException {
		long since = Instant.now().getEpochSecond() - 1;
		String token = Tokens.service(http);
		String unrevoked = Tokens.service(http);

		assertThat(http.postForm("/oauth2/revoke", Tokens.SERVICE, form("token", token)).status()).isEqualTo(200);
		Response feed = http.get("/oauth2/revocations?since=" + since, bearer(Tokens.issue(http, GATEWAY)));

		assertThat(feed.status()).isEqualTo(200);
		assertThat(feed.header("Cache-Control")).contains("no-store");
		var claims = Jwts.parse(token).getJWTClaimsSet();
		assertThat(revokedTokens(feed))
			.contains(claims.getJWTID() + "@" + claims.getExpirationTime().toInstant().getEpochSecond())
			.noneMatch((entry) -> entry.startsWith(jti(unrevoked) + "@"));
		assertThat(feed.json().get("revoked_keys").isArray()).isTrue();
		assertThat(feed.json().get("now").asLong()).isCloseTo(Instant.now().getEpochSecond(), within(5L));
	}

	@Test
	void revocationsWhenRefreshTokenReplayRevokesTheGrantThenItsAccessTokenListed() {
		long since = Instant.now().getEpochSecond() - 1;
		RefreshTokenClient client = RefreshTokenClient.builder().register(TestAuthServer.shared());
		Grant grant = client.grant("alice");
		String accessToken = client.refresh(grant.refreshToken()).field("access_token");

		assertThat(client.refresh(grant.refreshToken()).status()).isEqualTo(400);
		Response feed = http.get("/oauth2/revocations?since=" + since, bearer(Tokens.issue(http, GATEWAY)));

		assertThat(revokedTokens(feed)).anyMatch((entry) -> entry.startsWith(jti(accessToken) + "@"));
	}

	@Test
	void revocationsWhenSinceAfterTheRevocationThenNotListed() {
		String token = Tokens.service(http);
		http.postForm("/oauth2/revoke", Tokens.SERVICE, form("token", token));

		long later = Instant.now().getEpochSecond() + 2;
		Response feed = http.get("/oauth2/revocations?since=" + later, bearer(Tokens.issue(http, GATEWAY)));

		assertThat(feed.status()).isEqualTo(200);
		assertThat(revokedTokens(feed)).noneMatch((entry) -> entry.startsWith(jti(token) + "@"));
	}

	@Test
	void revocationsWhenNoTokenThen401() {
		Response feed = http.get("/oauth2/revocations?since=0", null);

		assertThat(feed.status()).isEqualTo(401);
		assertThat(feed.header("WWW-Authenticate")).isEqualTo("Bearer");
		assertError(feed, "invalid_token", "A bearer access token with scope revocations.read is required.");
	}

	@Test
	void revocationsWhenRevokedTokenThen401() {
		String gatewayToken = Tokens.issue(http, GATEWAY);
		http.postForm("/oauth2/revoke", GATEWAY, form("token", gatewayToken));

		Response feed = http.get("/oauth2/revocations?since=0", bearer(gatewayToken));

		assertThat(feed.status()).isEqualTo(401);
		assertError(feed, "invalid_token",
				"The access token is malformed, expired, revoked or not issued by this server.");
	}

	@Test
	void revocationsWhenScopeMissingThen403() {
		Response feed = http.get("/oauth2/revocations?since=0", bearer(Tokens.service(http)));

		assertThat(feed.status()).isEqualTo(403);
		assertThat(feed.header("WWW-Authenticate"))
			.isEqualTo("Bearer error=\"insufficient_scope\", scope=\"revocations.read\"");
		assertError(feed, "insufficient_scope", "The access token lacks the scope revocations.read.");
	}

	@Test
	void revocationsWhenSinceMissingOrMalformedOrNegativeThen400() {
		String gatewayToken = Tokens.issue(http, GATEWAY);
		for (String query : List.of("", "?since=", "?since=abc", "?since=-1", "?since=1.5",
				"?since=99999999999999999999")) {
			Response feed = http.get("/oauth2/revocations" + query, bearer(gatewayToken));

			assertThat(feed.status()).as(query).isEqualTo(400);
			assertError(feed, "invalid_request",
					"The since parameter is required: a non-negative number of seconds since the epoch.");
		}
	}

	/** The body is exactly {@code error} and {@code error_description}. */
	static void assertError(Response response, String error, String description) {
		assertThat(response.header("Content-Type")).startsWith("application/json");
		assertThat(response.json().size()).as(response.body()).isEqualTo(2);
		assertThat(response.field("error")).isEqualTo(error);
		assertThat(response.field("error_description")).isEqualTo(description);
	}

	private static String jti(String token) {
		try {
			return Jwts.parse(token).getJWTClaimsSet().getJWTID();
		}
		catch (ParseException ex) {
			throw new AssertionError(ex);
		}
	}

	private static List<String> revokedTokens(Response feed) {
		List<String> entries = new ArrayList<>();
		for (JsonNode token : feed.json().get("revoked_tokens")) {
			entries.add(token.get("jti").asString() + "@" + token.get("exp").asLong());
		}
		return entries;
	}

}
