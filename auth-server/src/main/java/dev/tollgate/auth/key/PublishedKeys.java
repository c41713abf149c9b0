package dev.tollgate.auth.key;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

/**
 * One consistent view of the key set: the JWKS (RFC 7517 section 5) as keys and as the
 * exact JSON the endpoint serves, its entity tag, and the active key with its private
 * part. The JSON is made of the public JWKs as stored, in creation order, so every
 * instance on one database serves the same bytes under the same {@code ETag}.
 *
 * @param fingerprint the kids and states it was made from, to tell whether a reload
 * changed anything
 * @param activeSince when the active key began to sign
 */
record PublishedKeys(String fingerprint, JWKSet jwkSet, String json, String etag, JWK active, Instant activeSince) {

	static PublishedKeys of(String fingerprint, List<SigningKeyEntity> published, JWK active, Instant activeSince) {
		List<JWK> jwks = published.stream().map(KeyMaterial::publicJwk).toList();
		String json = "{\"keys\":[" + String.join(",", published.stream().map((row) -> row.publicJwk).toList()) + "]}";
		return new PublishedKeys(fingerprint, new JWKSet(jwks), json, entityTag(json), active, activeSince);
	}

	/** A strong entity tag (RFC 9110 section 8.8.3): the SHA-256 of the JSON. */
	private static String entityTag(String json) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
			return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest) + "\"";
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
		}
	}

}
