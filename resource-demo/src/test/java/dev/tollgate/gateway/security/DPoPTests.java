package dev.tollgate.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tollgate.gateway.support.Chat;
import dev.tollgate.gateway.support.Http;
import dev.tollgate.gateway.support.StubIssuer;
import dev.tollgate.gateway.support.TestGateway;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DPoP-bound access tokens (RFC 9449) at the gateway: a token whose {@code cnf.jkt} names
 * a key is taken only under the {@code DPoP} scheme with a proof of that key for this
 * very request, and refused as a bearer token with a message that says what to send.
 */
class DPoPTests {

	private static final String CHAT = Chat.request("echo-small", "hi", null);

	private static ECKey key;

	private static ECKey otherKey;

	private final TestGateway gateway = TestGateway.shared();

	private final StubIssuer issuer = StubIssuer.shared();

	private final Http http = this.gateway.http();

	@BeforeAll
	static void keys() throws JOSEException {
		key = new ECKeyGenerator(Curve.P_256).generate();
		otherKey = new ECKeyGenerator(Curve.P_256).generate();
	}

	@Test
	void requestWhenBoundTokenWithProofOfItsKeyThenAccepted() throws JOSEException {
		String token = boundToken(key);

		Http.Response response = this.http.postWithProof("/v1/chat/completions", token,
				proof(key, completionsUrl(), token), CHAT);

		assertThat(response.status()).as(response.body()).isEqualTo(200);
	}

	@Test
	void requestWhenBoundTokenSentAsBearerThenUnauthorizedSayingWhatToSend() throws JOSEException {
		Http.Response response = this.http.post("/v1/chat/completions", boundToken(key), CHAT);

		String message = "The access token is bound to a DPoP key (cnf.jkt): send it as 'Authorization: DPoP"
				+ " <access token>' with a DPoP header holding a proof of that key (RFC 9449 section 7).";
		assertRefused(response, "Bearer error=\"invalid_token\", error_description=\"" + message + "\"", message);
	}

	@Test
	void requestWhenProofOfAnotherKeyThenUnauthorized() throws JOSEException {
		String token = boundToken(key);

		Http.Response response = this.http.postWithProof("/v1/chat/completions", token,
				proof(otherKey, completionsUrl(), token), CHAT);

		assertInvalidProof(response, "jkt claim is invalid.");
	}

	@Test
	void requestWhenProofReplayedThenUnauthorized() throws JOSEException {
		String token = boundToken(key);
		String proof = proof(key, completionsUrl(), token);
		assertThat(this.http.postWithProof("/v1/chat/completions", token, proof, CHAT).status()).isEqualTo(200);

		Http.Response replayed = this.http.postWithProof("/v1/chat/completions", token, proof, CHAT);

		assertInvalidProof(replayed, "jti claim is invalid.");
	}

	@Test
	void requestWhenDPoPHeaderEmptyThenInvalidProofNotServerError() throws JOSEException {
		Http.Response response = this.http.postWithProof("/v1/chat/completions", boundToken(key), "", CHAT);

		assertInvalidProof(response, "the DPoP header is empty.");
	}

	@Test
	void requestWhenDPoPSchemeWithoutDPoPHeaderThenBadRequest() throws JOSEException {
		Http.Response response = this.http.postWithProof("/v1/chat/completions", boundToken(key), null, CHAT);

		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.header("WWW-Authenticate"))
			.isEqualTo("DPoP error=\"invalid_request\", error_description=\"DPoP proof is missing or invalid.\"");
		assertThat(response.body()).isEqualTo("{\"error\":{\"message\":\"DPoP proof is missing or invalid.\","
				+ "\"type\":\"invalid_request_error\",\"code\":\"invalid_request\"}}");
	}

	@Test
	void requestWhenDPoPSchemeWithExpiredTokenThenInvalidToken() throws JOSEException {
		String thumbprint = key.toPublicJWK().computeThumbprint().toString();
		String token = this.issuer.token("dpop-" + UUID.randomUUID())
			.claim("cnf", Map.of("jkt", thumbprint))
			.expiresAt(Instant.now().minusSeconds(600))
			.sign();

		Http.Response response = this.http.postWithProof("/v1/chat/completions", token,
				proof(key, completionsUrl(), token), CHAT);

		assertRefused(response, "DPoP error=\"invalid_token\", error_description=\"The access token has expired.\"",
				"The access token has expired.");
	}

	private static void assertInvalidProof(Http.Response response, String problem) {
		String message = "The DPoP proof (RFC 9449 section 4) is invalid: " + problem;
		assertRefused(response, "DPoP error=\"invalid_dpop_proof\", error_description=\"" + message + "\"", message);
	}

	private static void assertRefused(Http.Response response, String challenge, String message) {
		assertThat(response.status()).as(response.body()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).isEqualTo(challenge);
		assertThat(response.body()).isEqualTo("{\"error\":{\"message\":\"" + message
				+ "\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}");
	}

	private String boundToken(ECKey proofKey) throws JOSEException {
		String thumbprint = proofKey.toPublicJWK().computeThumbprint().toString();
		return this.issuer.token("dpop-" + UUID.randomUUID()).claim("cnf", Map.of("jkt", thumbprint)).sign();
	}

	private String completionsUrl() {
		return this.gateway.baseUrl() + "/v1/chat/completions";
	}

	/**
	 * A proof for a POST to {@code url} with {@code accessToken}'s hash as {@code ath}.
	 */
	private static String proof(ECKey signingKey, String url, String accessToken) throws JOSEException {
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
			.jwk(signingKey.toPublicJWK())
			.build();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
			.claim("htm", "POST")
			.claim("htu", url)
			.claim("ath", ath(accessToken))
			.issueTime(new Date())
			.build();
		SignedJWT proof = new SignedJWT(header, claims);
		proof.sign(new ECDSASigner(signingKey));
		return proof.serialize();
	}

	/** The access token's hash for {@code ath} (RFC 9449 section 4.2). */
	private static String ath(String accessToken) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			return Base64URL.encode(sha256.digest(accessToken.getBytes(StandardCharsets.US_ASCII))).toString();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
		}
	}

}
