package dev.tollgate.auth.key;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWKSet;
import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.Jwts;
import dev.tollgate.auth.support.Sql;
import dev.tollgate.auth.support.TestAuthServer;
import dev.tollgate.auth.support.TestDatabase;
import dev.tollgate.auth.support.Tokens;
import org.junit.jupiter.api.Test;

import static dev.tollgate.auth.support.Http.basic;
import static dev.tollgate.auth.support.Http.bearer;
import static dev.tollgate.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Signing keys live in PostgreSQL, the private part sealed with the key-encryption key: a
 * restart keeps every key and its state, a database dump holds no usable private key (and
 * none at all of a key that can no longer sign), and a wrong key-encryption key stops
 * start-up.
 */
class SigningKeyPersistenceTests {

	private static final String SERVICE = basic("demo-service", "demo-service-secret");

	/**
	 * DER of the rsaEncryption OID (1.2.840.113549.1.1.1), present in every RSA PKCS#8
	 * key.
	 */
	private static final byte[] RSA_ENCRYPTION_OID = HexFormat.of().parseHex("06092a864886f70d010101");

	/**
	 * DER of the id-ecPublicKey OID (1.2.840.10045.2.1), present in every EC PKCS#8 key.
	 */
	private static final byte[] EC_PUBLIC_KEY_OID = HexFormat.of().parseHex("06072a8648ce3d0201");

	/** The members of a private JWK (RFC 7518 sections 6.2.2 and 6.3.2). */
	private static final String[] PRIVATE_MEMBERS = { "\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"dq\"", "\"qi\"" };

	@Test
	void restartWhenTokenIssuedBeforeThenSameKidAndTokenStillVerifiesAndIsActive() throws Exception {
		TestDatabase.Database database = TestDatabase.newDatabase();
		String token;
		String kidBefore;
		try (TestAuthServer server = TestAuthServer.start(database)) {
			Http http = new Http(server.baseUrl());
			token = http.postForm("/oauth2/token", SERVICE, form("grant_type", "client_credentials"))
				.field("access_token");
			kidBefore = JWKSet.parse(http.get("/oauth2/jwks", null).body()).getKeys().get(0).getKeyID();

			server.close();
			server.restart();

			JWKSet jwksAfter = JWKSet.parse(http.get("/oauth2/jwks", null).body());
			assertThat(jwksAfter.getKeys()).hasSize(1);
			assertThat(jwksAfter.getKeys().get(0).getKeyID()).isEqualTo(kidBefore);
			assertThat(Jwts.verifiedClaims(http, token)).containsEntry("sub", "demo-service");
			Response introspection = http.postForm("/oauth2/introspect", SERVICE, form("token", token));
			assertThat(introspection.json().get("active").asBoolean()).isTrue();
		}
	}

	@Test
	void signingKeyRowWhenStoredThenNoPrivateKeyMaterialInTheClear() throws SQLException {
		TestAuthServer server = TestAuthServer.shared();

		try (Connection connection = server.database().connect();
				Statement statement = connection.createStatement();
				ResultSet row = statement
					.executeQuery("select public_jwk, private_key_ciphertext, encryption_key_id from signing_key")) {
			assertThat(row.next()).isTrue();
			String publicJwk = row.getString("public_jwk");
			byte[] sealed = row.getBytes("private_key_ciphertext");

			assertThat(publicJwk).contains("\"n\"").doesNotContain(PRIVATE_MEMBERS);
			assertThat(indexOf(sealed, RSA_ENCRYPTION_OID)).isEqualTo(-1);
			assertThat(sealed.length).isGreaterThan(1000);
			assertThat(row.getString("encryption_key_id")).matches("[0-9a-f]{16}");
		}
	}

	@Test
	void restartWhenKeysRotatedAndRevokedThenEveryKeyAndItsStateSurvive() {
		try (TestAuthServer server = TestAuthServer.start(TestDatabase.newDatabase())) {
			Http http = new Http(server.baseUrl());
			String revokedKid = Jwts.kid(Tokens.service(http));
			http.send("/admin/v1/keys/rotate", "POST", bearer(Tokens.admin(http)));
			http.send("/admin/v1/keys/" + revokedKid + "/revoke", "POST", bearer(Tokens.admin(http)));
			http.send("/admin/v1/keys/rotate", "POST", bearer(Tokens.admin(http)));
			String keysBefore = http.get("/admin/v1/keys", bearer(Tokens.admin(http))).body();
			Response jwksBefore = http.get("/oauth2/jwks", null);
			String tokenBefore = Tokens.service(http);

			server.close();
			server.restart();

			assertThat(http.get("/admin/v1/keys", bearer(Tokens.admin(http))).body()).isEqualTo(keysBefore)
				.contains("\"revoked\"", "\"retired\"", "\"active\"");
			Response jwksAfter = http.get("/oauth2/jwks", null);
			assertThat(jwksAfter.body()).isEqualTo(jwksBefore.body()).doesNotContain(revokedKid);
			assertThat(jwksAfter.header("ETag")).isEqualTo(jwksBefore.header("ETag"));
			assertThat(Jwts.kid(Tokens.service(http))).isEqualTo(Jwts.kid(tokenBefore));
		}
	}

	@Test
	void signingKeyRowsWhenRotatedAndRevokedThenNoKeyMaterialInTheClearAndOnlySigningKeysKeepAPrivatePart() {
		try (TestAuthServer server = TestAuthServer.start(TestDatabase.newDatabase(),
				Map.of("tollgate.keys.algorithm", "ES256"))) {
			Http http = new Http(server.baseUrl());
			String revokedKid = Jwts.kid(Tokens.service(http));
			http.send("/admin/v1/keys/" + revokedKid + "/revoke", "POST", bearer(Tokens.admin(http)));
			http.send("/admin/v1/keys/rotate", "POST", bearer(Tokens.admin(http)));

			List<Map<String, Object>> rows = Sql.rows(server.database(),
					"select state, public_jwk, private_key_ciphertext from signing_key");

			assertThat(rows).extracting((row) -> row.get("state"))
				.containsExactlyInAnyOrder("revoked", "retired", "active");
			for (Map<String, Object> row : rows) {
				assertThat((String) row.get("public_jwk")).contains("\"x\"").doesNotContain(PRIVATE_MEMBERS);
				byte[] sealed = (byte[]) row.get("private_key_ciphertext");
				if ("active".equals(row.get("state"))) {
					assertThat(indexOf(sealed, EC_PUBLIC_KEY_OID)).isEqualTo(-1);
					assertThat(sealed.length).isGreaterThan(60);
				}
				else {
					assertThat(sealed).as("private part of a %s key", row.get("state")).isNull();
				}
			}
		}
	}

	@Test
	void startWhenEncryptionKeyIsNotTheOneThatSealedTheKeysThenStartUpFailsNamingTheSetting() {
		TestDatabase.Database database = TestDatabase.newDatabase();
		TestAuthServer.start(database).close();

		assertThatThrownBy(() -> TestAuthServer.start(database, TestAuthServer.newEncryptionKey())).rootCause()
			.hasMessageContaining("tollgate.keys.encryption-key");
	}

	@Test
	void startWhenEncryptionKeyIsNotBase64Of32BytesThenStartUpFailsNamingTheSetting() {
		TestDatabase.Database database = TestDatabase.newDatabase();

		assertThatThrownBy(() -> TestAuthServer.start(database, "dG9vLXNob3J0")).rootCause()
			.hasMessageContaining("tollgate.keys.encryption-key must be the base64 of exactly 32 bytes");
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

}
