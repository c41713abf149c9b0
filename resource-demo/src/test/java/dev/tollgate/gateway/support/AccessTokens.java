package dev.tollgate.gateway.support;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

/**
 * RFC 9068 access tokens as Tollgate issues them ({@code typ: at+jwt}, {@code kid}, the
 * claims of DESIGN.md and an {@code llm} claim), with one thing changed per test.
 */
public final class AccessTokens {

	private AccessTokens() {
	}

	static Builder builder(StubIssuer issuer, String clientId) {
		return new Builder(issuer, clientId);
	}

	/** An access token to be: valid for five minutes unless a test says otherwise. */
	public static final class Builder {

		private final StubIssuer issuer;

		private final JWTClaimsSet.Builder claims;

		private String type = "at+jwt";

		private Builder(StubIssuer issuer, String clientId) {
			this.issuer = issuer;
			Instant now = Instant.now();
			this.claims = new JWTClaimsSet.Builder().issuer(issuer.url())
				.subject(clientId)
				.audience(List.of("llm-gateway"))
				.claim("client_id", clientId)
				.claim("scope", "llm.chat")
				.issueTime(Date.from(now))
				.notBeforeTime(Date.from(now))
				.expirationTime(Date.from(now.plusSeconds(300)))
				.jwtID(UUID.randomUUID().toString())
				.claim("llm", Policy.basic().toClaim());
		}

		public Builder policy(Policy policy) {
			return claim("llm", policy.toClaim());
		}

		public Builder issuer(String issuer) {
			this.claims.issuer(issuer);
			return this;
		}

		public Builder audience(String audience) {
			this.claims.audience(audience);
			return this;
		}

		public Builder scope(String scope) {
			return claim("scope", scope);
		}

		/**
		 * A token that lived five minutes up to {@code expiresAt}, as the issuer would
		 * have made it.
		 */
		public Builder expiresAt(Instant expiresAt) {
			Instant issuedAt = expiresAt.minusSeconds(300);
			this.claims.issueTime(Date.from(issuedAt)).notBeforeTime(Date.from(issuedAt));
			this.claims.expirationTime(Date.from(expiresAt));
			return this;
		}

		public Builder type(String type) {
			this.type = type;
			return this;
		}

		/** Sets a claim; {@code null} leaves it out. */
		public Builder claim(String name, Object value) {
			this.claims.claim(name, value);
			return this;
		}

		/** Signed RS256 with the issuer's published key. */
		public String sign() {
			return signWith(this.issuer.signingKey());
		}

		/** Signed RS256 with {@code key}, under its kid. */
		public String signWith(RSAKey key) {
			try {
				SignedJWT jwt = new SignedJWT(header(JWSAlgorithm.RS256, key.getKeyID()), this.claims.build());
				jwt.sign(new RSASSASigner(key));
				return jwt.serialize();
			}
			catch (JOSEException ex) {
				throw new IllegalStateException(ex);
			}
		}

		/** Signed ES256 with the issuer's published P-256 key. */
		public String signEs256() {
			try {
				ECKey key = this.issuer.ecKey();
				SignedJWT jwt = new SignedJWT(header(JWSAlgorithm.ES256, key.getKeyID()), this.claims.build());
				jwt.sign(new ECDSASigner(key));
				return jwt.serialize();
			}
			catch (JOSEException ex) {
				throw new IllegalStateException(ex);
			}
		}

		/** Signed HS256 with a shared secret, under the issuer's kid. */
		public String signHs256() {
			try {
				SignedJWT jwt = new SignedJWT(header(JWSAlgorithm.HS256, this.issuer.signingKey().getKeyID()),
						this.claims.build());
				jwt.sign(new MACSigner(new byte[32]));
				return jwt.serialize();
			}
			catch (JOSEException ex) {
				throw new IllegalStateException(ex);
			}
		}

		/** Not signed at all: {@code alg: none}. */
		public String unsigned() {
			PlainHeader header = new PlainHeader.Builder().type(new JOSEObjectType(this.type)).build();
			return new PlainJWT(header, this.claims.build()).serialize();
		}

		private JWSHeader header(JWSAlgorithm algorithm, String kid) {
			return new JWSHeader.Builder(algorithm).type(new JOSEObjectType(this.type)).keyID(kid).build();
		}

	}

}
