package dev.tollgate.gateway.security;

import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.tollgate.gateway.support.Chat;
import dev.tollgate.gateway.support.Http;
import dev.tollgate.gateway.support.StubIssuer;
import dev.tollgate.gateway.support.TestGateway;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Access-token validation over real HTTP (RFC 6750, RFC 9068): every kind of bad token is
 * refused with its exact status, OpenAI error body and {@code WWW-Authenticate}
 * challenge, and the JWKS and verified-token caches save work without accepting anything
 * they should not.
 */
class TokenValidationTests {

	private static final String CHAT = Chat.request("echo-small", "hi", null);

	private final TestGateway gateway = TestGateway.shared();

	private final StubIssuer issuer = StubIssuer.shared();

	private final Http http = this.gateway.http();

	@Test
	void requestWhenRs256TokenOfIssuerThenAccepted() {
		String token = this.issuer.token(newClientId()).sign();

		assertThat(this.http.post("/v1/chat/completions", token, CHAT).status()).isEqualTo(200);
	}

	@Test
	void requestWhenEs256TokenOfIssuerThenAccepted() {
		String token = this.issuer.token(newClientId()).signEs256();

		assertThat(this.http.post("/v1/chat/completions", token, CHAT).status()).isEqualTo(200);
	}

	@Test
	void requestWhenNoTokenThenUnauthorizedWithBearerChallenge() {
		Http.Response response = this.http.post("/v1/chat/completions", null, CHAT);

		assertUnauthorized(response, "No access token: send it as 'Authorization: Bearer <access token>'.");
		assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
	}

	@Test
	void requestWhenTokenIsNotAJwtThenUnauthorized() {
		Http.Response response = this.http.post("/v1/chat/completions", "not-a-jwt", CHAT);

		assertUnauthorized(response, "The access token is not a well-formed JWT.");
		assertThat(response.header("WWW-Authenticate")).isEqualTo(
				"Bearer error=\"invalid_token\", error_description=\"The access token is not a well-formed JWT.\"");
	}

	@Test
	void requestWhenAuthorizationHeaderMalformedThenUnauthorized() {
		Http.Response response = this.http.getWithAuthorization("/v1/models", "Bearer a b");

		assertUnauthorized(response, "The Authorization header does not hold a well-formed bearer token.");
	}

	@Test
	void requestWhenTokenExpiredThenUnauthorized() {
		String token = this.issuer.token(newClientId()).expiresAt(Instant.now().minusSeconds(120)).sign();

		Http.Response response = this.http.post("/v1/chat/completions", token, CHAT);

		assertUnauthorized(response, "The access token has expired.");
	}

	@Test
	void requestWhenAudienceIsAnotherServerThenUnauthorized() {
		String token = this.issuer.token(newClientId()).audience("billing-api").sign();

		Http.Response response = this.http.post("/v1/chat/completions", token, CHAT);

		assertUnauthorized(response,
				"The access token is not meant for this gateway: its aud does not name 'llm-gateway'.");
	}

	@Test
	void requestWhenIssuedByAnotherIssuerThenUnauthorized() {
		String token = this.issuer.token(newClientId()).issuer("https://evil.example").sign();

		Http.Response response = this.http.post("/v1/chat/completions", token, CHAT);

		assertUnauthorized(response, "The access token was not issued by " + this.issuer.url() + ".");
	}

	@Test
	void requestWhenSignedByKeyOutsideJwksThenUnauthorized() {
		String token = this.issuer.token(newClientId()).signWith(StubIssuer.unpublishedKey("revoked-key"));

		Http.Response response = this.http.post("/v1/chat/completions", token, CHAT);

		assertUnauthorized(response, "The access token's signature does not verify with any key in the issuer's JWKS.");
	}

	@Test
	void requestWhenSignedByOtherKeyUnderPublishedKidThenUnauthorized() {
		String kid = this.issuer.signingKey().getKeyID();
		String token = this.issuer.token(newClientId()).signWith(StubIssuer.unpublishedKey(kid));

		Http.Response response = this.http.post("/v1/chat/completions", token, CHAT);

		assertUnauthorized(response, "The access token's signature does not verify with any key in the issuer's JWKS.");
	}

	@Test
	void requestWhenAlgNoneThenUnauthorized() {
		String token = this.issuer.token(newClientId()).unsigned();

		Http.Response response = this.http.post("/v1/chat/completions", token, CHAT);

		assertUnauthorized(response,
				"The access token is unsigned (alg none); only RS256 and ES256 signatures are accepted.");
	}

	@Test
	void requestWhenHs256ThenUnauthorized() {
		String token = this.issuer.token(newClientId()).signHs256();

		Http.Response response = this.http.post("/v1/chat/completions", token, CHAT);

		assertUnauthorized(response,
				"The access token's algorithm is not accepted: only RS256 and ES256 signatures are.");
	}

	@Test
	void requestWhenTypIsPlainJwtThenUnauthorized() {
		String token = this.issuer.token(newClientId()).type("JWT").sign();

		Http.Response response = this.http.post("/v1/chat/completions", token, CHAT);

		assertUnauthorized(response, "The access token's typ is not at+jwt (RFC 9068).");
	}

	@Test
	void requestWhenTokenHasNoClientIdThenUnauthorized() {
		String token = this.issuer.token(newClientId()).claim("client_id", null).sign();

		Http.Response response = this.http.post("/v1/chat/completions", token, CHAT);

		assertUnauthorized(response, "The access token has no client_id claim, which RFC 9068 requires.");
	}

	@Test
	void requestWhenScopeLacksLlmChatThenForbidden() {
		String token = this.issuer.token(newClientId()).scope("openid profile").sign();

		Http.Response response = this.http.post("/v1/chat/completions", token, CHAT);

		assertThat(response.status()).isEqualTo(403);
		assertThat(response.body()).isEqualTo("{\"error\":{\"message\":\"The access token lacks the scope llm.chat.\","
				+ "\"type\":\"invalid_request_error\",\"code\":\"insufficient_scope\"}}");
		assertThat(response.header("WWW-Authenticate"))
			.isEqualTo("Bearer error=\"insufficient_scope\", scope=\"llm.chat\"");
	}

	@Test
	void tokensWhenManyUnknownKidsThenAtMostOneJwksRefresh() {
		// given a gateway that has the JWKS already
		assertThat(this.http.get("/v1/models", this.issuer.token(newClientId()).sign()).status()).isEqualTo(200);
		int fetchesBefore = this.issuer.jwksFetches();

		// when twenty tokens arrive signed with keys of twenty unknown kids
		for (int i = 0; i < 20; i++) {
			String token = this.issuer.token(newClientId()).signWith(StubIssuer.unpublishedKey("unknown-" + i));
			assertThat(this.http.get("/v1/models", token).status()).isEqualTo(401);
		}

		// then the refresh interval (30 s) let through one fetch at most
		assertThat(this.issuer.jwksFetches() - fetchesBefore).isLessThanOrEqualTo(1);
	}

	@Test
	void tokenWhenSentAgainThenVerifiedOnlyOnce() {
		String token = this.issuer.token(newClientId()).sign();
		double verifiedBefore = this.gateway.metric("tollgate_gateway_token_verifications_total");
		double hitsBefore = this.gateway.metric("tollgate_gateway_token_cache_hits_total");

		for (int i = 0; i < 3; i++) {
			assertThat(this.http.get("/v1/models", token).status()).isEqualTo(200);
		}

		assertThat(this.gateway.metric("tollgate_gateway_token_verifications_total") - verifiedBefore).isEqualTo(1);
		assertThat(this.gateway.metric("tollgate_gateway_token_cache_hits_total") - hitsBefore).isEqualTo(2);
	}

	@Test
	void expiredTokenWhenSentAgainThenVerifiedOnlyOnceAndRefusedEachTime() {
		String token = this.issuer.token(newClientId()).expiresAt(Instant.now().minusSeconds(120)).sign();
		double verifiedBefore = this.gateway.metric("tollgate_gateway_token_verifications_total");
		double hitsBefore = this.gateway.metric("tollgate_gateway_token_refusal_cache_hits_total");

		for (int i = 0; i < 3; i++) {
			assertUnauthorized(this.http.post("/v1/chat/completions", token, CHAT), "The access token has expired.");
		}

		assertThat(this.gateway.metric("tollgate_gateway_token_verifications_total") - verifiedBefore).isEqualTo(1);
		assertThat(this.gateway.metric("tollgate_gateway_token_refusal_cache_hits_total") - hitsBefore).isEqualTo(2);
	}

	@Test
	void tokenNotValidYetWhenSentAgainThenVerifiedEachTime() {
		String token = this.issuer.token(newClientId()).claim("nbf", Date.from(Instant.now().plusSeconds(600))).sign();
		double verifiedBefore = this.gateway.metric("tollgate_gateway_token_verifications_total");

		for (int i = 0; i < 2; i++) {
			assertUnauthorized(this.http.post("/v1/chat/completions", token, CHAT),
					"The access token is not valid yet (nbf).");
		}

		assertThat(this.gateway.metric("tollgate_gateway_token_verifications_total") - verifiedBefore).isEqualTo(2);
	}

	@Test
	void actuatorWhenBadTokenSentThenIgnoredAndHealthAnswers() {
		Http.Response response = this.http.getWithAuthorization("/actuator/health", "Bearer not-a-jwt");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"groups\":[\"liveness\",\"readiness\"],\"status\":\"UP\"}");
	}

	@Test
	void protectedResourceMetadataWhenAskedThenNamesIssuerAndScope() {
		Http.Response response = this.http.get("/.well-known/oauth-protected-resource", null);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("resource").asString()).isEqualTo(this.gateway.baseUrl());
		assertThat(response.json().get("authorization_servers").toString())
			.isEqualTo("[\"" + this.issuer.url() + "\"]");
		assertThat(response.json().get("scopes_supported").toString()).isEqualTo("[\"llm.chat\"]");
		assertThat(response.json().get("tls_client_certificate_bound_access_tokens").asBoolean()).isFalse();
		assertThat(response.json().get("dpop_signing_alg_values_supported").toString())
			.isEqualTo("[\"RS256\",\"RS384\",\"RS512\",\"PS256\",\"PS384\",\"PS512\",\"ES256\",\"ES384\",\"ES512\"]");
		assertThat(response.json().get("dpop_bound_access_tokens_required").asBoolean()).isFalse();
	}

	private static void assertUnauthorized(Http.Response response, String message) {
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.body()).isEqualTo("{\"error\":{\"message\":" + Http.Response.quote(message)
				+ ",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}");
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
	}

	private static String newClientId() {
		return "client-" + UUID.randomUUID();
	}

}
