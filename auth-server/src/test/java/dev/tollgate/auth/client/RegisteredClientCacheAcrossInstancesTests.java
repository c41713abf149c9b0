package dev.tollgate.auth.client;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import dev.tollgate.auth.quota.QuotaPolicy;
import dev.tollgate.auth.quota.QuotaPolicyService;
import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Jwts;
import dev.tollgate.auth.support.TestAuthServer;
import dev.tollgate.auth.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import static dev.tollgate.auth.support.Http.basic;
import static dev.tollgate.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two auth-server instances on one database, each with its cache of registered clients
 * and quota policies: a change written on one is seen on the other within moments,
 * through the change notification, far inside the caches' 60-second time to live.
 */
class RegisteredClientCacheAcrossInstancesTests {

	/** Well inside the 60-second time to live: only the notification explains it. */
	private static final Duration PROMPTLY = Duration.ofSeconds(3);

	private static TestAuthServer first;

	private static TestAuthServer second;

	private static Http secondHttp;

	@BeforeAll
	static void startTwoInstances() {
		TestDatabase.Database database = TestDatabase.newDatabase();
		String encryptionKey = TestAuthServer.newEncryptionKey();
		first = TestAuthServer.start(database, encryptionKey);
		second = TestAuthServer.start(database, encryptionKey);
		secondHttp = new Http(second.baseUrl());
	}

	@AfterAll
	static void stopThem() {
		first.close();
		second.close();
	}

	@Test
	void secretWhenRotatedOnOneInstanceThenTheOtherRefusesTheOldSecretPromptly() {
		RegisteredClient client = register("rotated");
		assertThat(tokenStatus(client.getClientId(), "first-secret")).isEqualTo(200);

		first.bean(JpaRegisteredClientRepository.class)
			.save(RegisteredClient.from(client)
				.clientSecret(first.bean(ClientSecretHasher.class).encode("second-secret"))
				.build());

		Duration took = waitUntil(() -> tokenStatus(client.getClientId(), "first-secret") == 401);
		assertThat(took).isLessThan(PROMPTLY);
		assertThat(tokenStatus(client.getClientId(), "second-secret")).isEqualTo(200);
	}

	@Test
	void clientWhenDeletedOnOneInstanceThenTheOtherRefusesItPromptly() {
		RegisteredClient client = register("deleted");
		assertThat(tokenStatus(client.getClientId(), "first-secret")).isEqualTo(200);

		boolean deleted = first.bean(JpaRegisteredClientRepository.class).delete(client.getId());

		assertThat(deleted).isTrue();
		Duration took = waitUntil(() -> tokenStatus(client.getClientId(), "first-secret") == 401);
		assertThat(took).isLessThan(PROMPTLY);
		assertThat(first.bean(JpaRegisteredClientRepository.class).delete(client.getId())).isFalse();
	}

	@Test
	void quotaPolicyWhenChangedOnOneInstanceThenTheOthersTokensCarryTheNewVersionPromptly() {
		RegisteredClient client = register("quota");
		QuotaPolicyService quotas = first.bean(QuotaPolicyService.class);
		long before = quotas.put(client.getId(), policy(1000L)).version();
		assertThat(llmVersion(client)).isEqualTo(before);

		long after = quotas.put(client.getId(), policy(2000L)).version();

		Duration took = waitUntil(() -> llmVersion(client) == after);
		assertThat(took).isLessThan(PROMPTLY);
		quotas.delete(client.getId());
		waitUntil(() -> llmVersion(client) == -1);
		assertThat(llmVersion(client)).isEqualTo(-1);
	}

	private static RegisteredClient register(String name) {
		RegisteredClient client = RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(name + "-" + UUID.randomUUID())
			.clientSecret(first.bean(ClientSecretHasher.class).encode("first-secret"))
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope("llm.chat")
			.build();
		first.bean(JpaRegisteredClientRepository.class).save(client);
		return client;
	}

	private static int tokenStatus(String clientId, String secret) {
		return secondHttp.postForm("/oauth2/token", basic(clientId, secret), form("grant_type", "client_credentials"))
			.status();
	}

	/**
	 * The version of the {@code llm} claim in a token from the second instance, or -1.
	 */
	private static long llmVersion(RegisteredClient client) {
		String token = secondHttp
			.postForm("/oauth2/token", basic(client.getClientId(), "first-secret"),
					form("grant_type", "client_credentials"))
			.field("access_token");
		Object llm = Jwts.verifiedClaims(secondHttp, token).get("llm");
		return (llm instanceof Map<?, ?> claim) ? ((Number) claim.get("version")).longValue() : -1;
	}

	private static QuotaPolicy policy(long tokensPerMinute) {
		return new QuotaPolicy("team-basic", 0, tokensPerMinute, 120L, 2_000_000L, 4096L,
				new ArrayList<>(List.of("*")));
	}

	/** How long it took until {@code condition} held, giving up after 10 seconds. */
	private static Duration waitUntil(BooleanSupplier condition) {
		Instant start = Instant.now();
		while (!condition.getAsBoolean() && Instant.now().isBefore(start.plusSeconds(10))) {
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		return Duration.between(start, Instant.now());
	}

}
