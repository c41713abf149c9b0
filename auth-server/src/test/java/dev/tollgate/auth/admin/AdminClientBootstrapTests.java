package dev.tollgate.auth.admin;

import java.util.Map;

import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.TestAuthServer;
import dev.tollgate.auth.support.TestDatabase;
import dev.tollgate.auth.support.Tokens;
import org.junit.jupiter.api.Test;

import static dev.tollgate.auth.support.Http.basic;
import static dev.tollgate.auth.support.Http.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Under {@code prod} the first admin client, {@code tollgate-admin}, comes from
 * {@code tollgate.bootstrap.admin-client-secret}, and no demo client exists.
 */
class AdminClientBootstrapTests {

	private static final String SECRET = "correct-horse-battery-staple-0123456789";

	@Test
	void startWhenProdWithAdminClientSecretThenTollgateAdminMayUseTheAdminApi() {
		Map<String, Object> prod = Map.of("spring.profiles.active", "prod", "tollgate.bootstrap.admin-client-secret",
				SECRET);
		try (TestAuthServer server = TestAuthServer.start(TestDatabase.newDatabase(), prod)) {
			Http http = new Http(server.baseUrl());

			String token = Tokens.issue(http, basic("tollgate-admin", SECRET));
			Response keys = http.get("/admin/v1/keys", bearer(token));

			assertThat(keys.status()).isEqualTo(200);
			assertThat(keys.json().get("items").size()).isEqualTo(1);
			assertThat(http.postForm("/oauth2/token", Tokens.ADMIN, Http.form("grant_type", "client_credentials"))
				.status()).isEqualTo(401);
		}
	}

	@Test
	void startWhenProdWithShortAdminClientSecretThenStartUpFailsNamingTheSetting() {
		Map<String, Object> prod = Map.of("spring.profiles.active", "prod", "tollgate.bootstrap.admin-client-secret",
				"too-short");

		assertThatThrownBy(() -> TestAuthServer.start(TestDatabase.newDatabase(), prod)).rootCause()
			.hasMessageContaining("tollgate.bootstrap.admin-client-secret must be at least 32 characters");
	}

}
