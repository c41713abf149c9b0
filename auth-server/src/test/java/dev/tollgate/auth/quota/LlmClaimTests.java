package dev.tollgate.auth.quota;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.tollgate.auth.client.ClientSecretHasher;
import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Jwts;
import dev.tollgate.auth.support.RefreshTokenClient;
import dev.tollgate.auth.support.TestAuthServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

import static dev.tollgate.auth.support.Http.basic;
import static dev.tollgate.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client with a quota policy gets the {@code llm} claim of DESIGN.md in its access
 * tokens, and the next token after a change carries the new policy with a greater
 * version.
 */
class LlmClaimTests {

	private static TestAuthServer server;

	private static Http http;

	@BeforeAll
	static void startServer() {
		server = TestAuthServer.shared();
		http = new Http(server.baseUrl());
	}

	@Test
	void tokenWhenClientHasDemoQuotaThenLlmClaimWithEveryLimit() {
		Map<String, Object> claims = claimsOf(basic("demo-service", "demo-service-secret"));

		@SuppressWarnings("unchecked")
		Map<String, Object> llm = (Map<String, Object>) claims.get("llm");
		assertThat(llm).containsEntry("policy", "demo")
			.containsEntry("tokens_per_minute", 10000L)
			.containsEntry("requests_per_minute", 60L)
			.containsEntry("tokens_per_day", 1000000L)
			.containsEntry("max_tokens_per_request", 2048L)
			.containsEntry("models", List.of("echo-small", "echo-large"));
		assertThat(((Number) llm.get("version")).longValue()).isPositive();
	}

	@Test
	void tokenWhenClientHasNoQuotaThenNoLlmClaim() {
		Map<String, Object> claims = claimsOf(basic("demo-admin", "demo-admin-secret"));

		assertThat(claims).doesNotContainKey("llm");
	}

	@Test
	void tokenWhenPolicyChangedThenNextTokenCarriesItWithGreaterVersionAndLeavesOutUnlimited() {
		RegisteredClient client = registerClient();
		QuotaPolicyService quotas = server.bean(QuotaPolicyService.class);
		long first = quotas.put(client.getId(), policy(1000L, List.of("*"))).version();

		quotas.put(client.getId(), policy(null, List.of("echo-small")));
		Map<String, Object> claims = claimsOf(basic(client.getClientId(), "test-secret"));

		@SuppressWarnings("unchecked")
		Map<String, Object> llm = (Map<String, Object>) claims.get("llm");
		assertThat(((Number) llm.get("version")).longValue()).isGreaterThan(first);
		assertThat(llm).doesNotContainKey("tokens_per_minute").containsEntry("models", List.of("echo-small"));
	}

	@Test
	void tokenWhenPolicyDeletedAndCreatedAgainThenNoClaimBetweenAndVersionStillGrows() {
		RegisteredClient client = registerClient();
		QuotaPolicyService quotas = server.bean(QuotaPolicyService.class);
		long first = quotas.put(client.getId(), policy(1000L, List.of("*"))).version();

		quotas.delete(client.getId());
		Map<String, Object> withoutPolicy = claimsOf(basic(client.getClientId(), "test-secret"));
		long again = quotas.put(client.getId(), policy(1000L, List.of("*"))).version();

		assertThat(withoutPolicy).doesNotContainKey("llm");
		assertThat(again).isGreaterThan(first);
	}

	@Test
	void tokenWhenRefreshTokenGrantThenLlmClaimToo() {
		RefreshTokenClient client = RefreshTokenClient.builder().register(server);
		String registeredClientId = server.bean(RegisteredClientRepository.class)
			.findByClientId(client.clientId())
			.getId();
		long version = server.bean(QuotaPolicyService.class)
			.put(registeredClientId, policy(500L, List.of("echo-large")))
			.version();

		String accessToken = client.refresh(client.grant("alice").refreshToken()).field("access_token");

		@SuppressWarnings("unchecked")
		Map<String, Object> llm = (Map<String, Object>) Jwts.verifiedClaims(http, accessToken).get("llm");
		assertThat(llm).containsEntry("version", version)
			.containsEntry("tokens_per_minute", 500L)
			.containsEntry("models", List.of("echo-large"));
	}

	private static QuotaPolicy policy(Long tokensPerMinute, List<String> models) {
		return new QuotaPolicy("team-basic", 0, tokensPerMinute, 120L, 2_000_000L, 4096L, models);
	}

	private static Map<String, Object> claimsOf(String authorization) {
		String token = http.postForm("/oauth2/token", authorization, form("grant_type", "client_credentials"))
			.field("access_token");
		return Jwts.verifiedClaims(http, token);
	}

	private static RegisteredClient registerClient() {
		RegisteredClient client = RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId("quota-" + UUID.randomUUID())
			.clientName("Quota test client")
			.clientSecret(server.bean(ClientSecretHasher.class).encode("test-secret"))
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope("llm.chat")
			.tokenSettings(TokenSettings.builder().accessTokenTimeToLive(Duration.ofMinutes(5)).build())
			.build();
		server.bean(RegisteredClientRepository.class).save(client);
		return client;
	}

}
