package dev.tollgate.auth.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Date;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tollgate.auth.support.CodeFlow;
import dev.tollgate.auth.support.Consents;
import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.Jwts;
import dev.tollgate.auth.support.Pkce;
import dev.tollgate.auth.support.TestAuthServer;
import dev.tollgate.auth.support.Tokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.tollgate.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DPoP (RFC 9449) at the token endpoint, as far as Tollgate supports it: a request with a
 * valid {@code DPoP} proof gets a {@code DPoP} token bound to the proof's key
 * ({@code cnf.jkt}, section 6.1), a bad or replayed proof gets
 * {@code invalid_dpop_proof}, and a public client's refresh with a proof must use the
 * same key (section 5).
 */
class DPoPTests {

	private static final String DEMO_APP_REDIRECT_URI = "http://127.0.0.1:8080/callback";

	private static final String INVALID_DPOP_PROOF = "{\"error\":\"invalid_dpop_proof\",\"error_description\":"
			+ "\"The DPoP proof (RFC 9449 section 4) is invalid: it must be a JWT of typ dpop+jwt, signed (RS or ES"
			+ " algorithms) with the public key in its jwk header, whose htm and htu are this request's method and"
			+ " URL, whose iat is now and whose jti has not been used before\"}";

	private static TestAuthServer server;

	private static Http http;

	private static String tokenEndpoint;

	private static ECKey key;

	@BeforeAll
	static void startServer() throws JOSEException {
		server = TestAuthServer.shared();
		http = new Http(server.baseUrl());
		tokenEndpoint = server.baseUrl() + "/oauth2/token";
		key = new ECKeyGenerator(Curve.P_256).generate();
	}

	@Test
	void tokenWhenValidProofThenDPoPTokenBoundToTheProofsKey() throws JOSEException {
		Response response = clientCredentials(proof(key, "POST", tokenEndpoint));

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.field("token_type")).isEqualTo("DPoP");
		assertThat(Jwts.verifiedClaims(http, response.field("access_token"))).containsEntry("cnf",
				Map.of("jkt", key.computeThumbprint().toString()));
		Response introspection = http.postForm("/oauth2/introspect", Tokens.SERVICE,
				form("token", response.field("access_token")));
		assertThat(introspection.field("token_type")).isEqualTo("DPoP");
		assertThat(introspection.json().get("cnf").get("jkt").asString()).isEqualTo(key.computeThumbprint().toString());
	}

	@Test
	void tokenWhenNoProofThenBearerTokenWithoutConfirmation() {
		Response response = clientCredentials(null);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.field("token_type")).isEqualTo("Bearer");
		assertThat(Jwts.verifiedClaims(http, response.field("access_token"))).doesNotContainKey("cnf");
	}

	@Test
	void tokenWhenProofReplayedThenInvalidDPoPProof() throws JOSEException {
		String proof = proof(key, "POST", tokenEndpoint);
		assertThat(clientCredentials(proof).status()).isEqualTo(200);

		Response replayed = clientCredentials(proof);

		assertThat(replayed.status()).isEqualTo(400);
		assertThat(replayed.json()).isEqualTo(json(INVALID_DPOP_PROOF));
	}

	@Test
	void tokenWhenProofForAnotherUrlThenInvalidDPoPProof() throws JOSEException {
		Response response = clientCredentials(proof(key, "POST", server.baseUrl() + "/oauth2/introspect"));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json()).isEqualTo(json(INVALID_DPOP_PROOF));
	}

	@Test
	void refreshWhenPublicClientProvesTheSameKeyThenBoundAgainAndAnotherKeyRefused() throws JOSEException {
		Response tokens = publicClientTokens(proof(key, "POST", tokenEndpoint));
		assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
		assertThat(tokens.field("token_type")).isEqualTo("DPoP");

		ECKey otherKey = new ECKeyGenerator(Curve.P_256).generate();
		Response otherKeyRefresh = refresh(tokens.field("refresh_token"), proof(otherKey, "POST", tokenEndpoint));
		Response sameKeyRefresh = refresh(tokens.field("refresh_token"), proof(key, "POST", tokenEndpoint));

		assertThat(otherKeyRefresh.status()).isEqualTo(400);
		assertThat(otherKeyRefresh.json()).isEqualTo(
				json("{\"error\":\"invalid_dpop_proof\"," + "\"error_description\":\"jwk header is invalid.\"}"));
		assertThat(sameKeyRefresh.status()).as(sameKeyRefresh.body()).isEqualTo(200);
		assertThat(sameKeyRefresh.field("token_type")).isEqualTo("DPoP");
		assertThat(Jwts.verifiedClaims(http, sameKeyRefresh.field("access_token"))).containsEntry("cnf",
				Map.of("jkt", key.computeThumbprint().toString()));
	}

	/**
	 * RFC 9449 section 5: a public client's refresh token is bound to its DPoP key, so a
	 * refresh without a proof is refused, and the refresh token stays usable with one.
	 */
	@Test
	void refreshWhenPublicClientSendsNoProofThenInvalidDPoPProofAndTheTokenStaysUsable() throws JOSEException {
		Response tokens = publicClientTokens(proof(key, "POST", tokenEndpoint));
		assertThat(tokens.field("token_type")).isEqualTo("DPoP");

		Response withoutProof = refresh(tokens.field("refresh_token"), null);
		Response withProof = refresh(tokens.field("refresh_token"), proof(key, "POST", tokenEndpoint));

		assertThat(withoutProof.status()).isEqualTo(400);
		assertThat(withoutProof.json()).isEqualTo(json("{\"error\":\"invalid_dpop_proof\",\"error_description\":"
				+ "\"This refresh token is bound to a DPoP key: send a DPoP header with a proof of that key\"}"));
		assertThat(withProof.status()).as(withProof.body()).isEqualTo(200);
		assertThat(withProof.field("token_type")).isEqualTo("DPoP");
	}

	/**
	 * Spring Security's resource server on the admin API takes a DPoP-bound token only
	 * with a proof of its key (RFC 9449 section 7), never as a bearer token.
	 */
	@Test
	void adminApiWhenDPoPTokenThenAcceptedOnlyWithAProofOfItsKey() throws JOSEException {
		Response tokens = http.postForm("/oauth2/token", Tokens.ADMIN, form("grant_type", "client_credentials"),
				dPoPHeader(proof(key, "POST", tokenEndpoint)));
		String token = tokens.field("access_token");
		String keys = server.baseUrl() + "/admin/v1/keys";

		Response withProof = http.send("/admin/v1/keys", "GET", "DPoP " + token, "DPoP",
				proof(key, "GET", keys, token));
		Response withOtherKey = http.send("/admin/v1/keys", "GET", "DPoP " + token, "DPoP",
				proof(new ECKeyGenerator(Curve.P_256).generate(), "GET", keys, token));
		Response asBearer = http.get("/admin/v1/keys", "Bearer " + token);

		assertThat(tokens.field("token_type")).isEqualTo("DPoP");
		assertThat(withProof.status()).as(withProof.body()).isEqualTo(200);
		assertThat(withOtherKey.status()).isEqualTo(401);
		assertThat(asBearer.status()).isEqualTo(401);
	}

	private static Response clientCredentials(String proof) {
		return http.postForm("/oauth2/token", Tokens.SERVICE, form("grant_type", "client_credentials"),
				dPoPHeader(proof));
	}

	/**
	 * demo-app's tokens from the authorization-code flow, the code exchanged with the
	 * proof.
	 */
	private static Response publicClientTokens(String proof) {
		Consents.forget(server, "demo-app", "alice");
		CodeFlow flow = CodeFlow.signedIn(server.baseUrl(), "alice", "alice-password");
		Map<String, String> redirect = flow
			.consent(flow.authorize("demo-app", DEMO_APP_REDIRECT_URI, "scope", "llm.chat"), "llm.chat");
		return http.postForm("/oauth2/token", null,
				form("grant_type", "authorization_code", "client_id", "demo-app", "code", redirect.get("code"),
						"redirect_uri", DEMO_APP_REDIRECT_URI, "code_verifier", flow.codeVerifier()),
				dPoPHeader(proof));
	}

	private static Response refresh(String refreshToken, String proof) {
		return http.postForm("/oauth2/token", null,
				form("grant_type", "refresh_token", "client_id", "demo-app", "refresh_token", refreshToken),
				dPoPHeader(proof));
	}

	private static String[] dPoPHeader(String proof) {
		return (proof != null) ? new String[] { "DPoP", proof } : new String[0];
	}

	/** A DPoP proof JWT (RFC 9449 section 4.2) for one token request. */
	private static String proof(ECKey signingKey, String method, String url) throws JOSEException {
		return proof(signingKey, method, url, null);
	}

	/**
	 * A DPoP proof JWT for one request; with the access token it is sent with, its hash
	 * as {@code ath} (section 4.2, for a protected resource).
	 */
	private static String proof(ECKey signingKey, String method, String url, String accessToken) throws JOSEException {
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
			.jwk(signingKey.toPublicJWK())
			.build();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().jwtID(Pkce.randomValue())
			.claim("htm", method)
			.claim("htu", url)
			.issueTime(new Date());
		if (accessToken != null) {
			claims.claim("ath", Base64URL.encode(sha256(accessToken)).toString());
		}
		SignedJWT proof = new SignedJWT(header, claims.build());
		proof.sign(new ECDSASigner(signingKey));
		return proof.serialize();
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static JsonNode json(String body) {
		return new Response(200, Map.of(), body).json();
	}

}
