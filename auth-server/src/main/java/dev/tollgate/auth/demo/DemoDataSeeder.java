package dev.tollgate.auth.demo;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import dev.tollgate.auth.client.ClientSecretHasher;
import dev.tollgate.auth.config.TollgateProperties;
import dev.tollgate.auth.quota.QuotaPolicy;
import dev.tollgate.auth.quota.QuotaPolicyService;
import dev.tollgate.auth.user.UserEntity;
import dev.tollgate.auth.user.UserPasswords;
import dev.tollgate.auth.user.UserRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Seeds the demo clients and the demo user of DESIGN.md under the {@code local} profile,
 * once: rows that already exist are left as they are. Never active under {@code prod}.
 */
@Component
@Profile("local & !prod")
class DemoDataSeeder implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(DemoDataSeeder.class);

	static final String DEMO_REDIRECT_URI = "http://127.0.0.1:8080/callback";

	private final RegisteredClientRepository clients;

	private final ClientSecretHasher secretHasher;

	private final UserRepository users;

	private final UserPasswords passwords;

	private final TollgateProperties properties;

	private final QuotaPolicyService quotas;

	DemoDataSeeder(RegisteredClientRepository clients, ClientSecretHasher secretHasher, UserRepository users,
			UserPasswords passwords, TollgateProperties properties, QuotaPolicyService quotas) {
		this.clients = clients;
		this.secretHasher = secretHasher;
		this.users = users;
		this.passwords = passwords;
		this.properties = properties;
		this.quotas = quotas;
	}

	@Override
	@Transactional
	public void run(ApplicationArguments args) {
		confidentialClient("demo-service", "Demo service", "demo-service-secret", "llm.chat");
		seedDemoQuota("demo-service");
		confidentialClient("demo-admin", "Demo admin", "demo-admin-secret", "admin");
		confidentialClient("demo-gateway", "Demo LLM gateway", "demo-gateway-secret", "revocations.read");
		publicClient("demo-app", "Demo app",
				(client) -> client.scope(OidcScopes.OPENID)
					.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
					.redirectUri(DEMO_REDIRECT_URI)
					.postLogoutRedirectUri("http://127.0.0.1:8080/"));
		// No openid for the device: Spring Authorization Server's device flow issues no
		// ID token.
		publicClient("demo-device", "Demo device",
				(client) -> client.authorizationGrantType(AuthorizationGrantType.DEVICE_CODE));
		if (!this.users.existsByUsername("alice")) {
			UserEntity alice = new UserEntity("alice", this.passwords.hash("alice-password"), "Alice Example",
					"alice@example.com");
			alice.setEmailVerified(true);
			this.users.save(alice);
			logger.info("Seeded demo user alice (profile local)");
		}
	}

	private void seedDemoQuota(String clientId) {
		String registeredClientId = this.clients.findByClientId(clientId).getId();
		if (this.quotas.find(registeredClientId).isEmpty()) {
			this.quotas.put(registeredClientId,
					new QuotaPolicy("demo", 0, 10_000L, 60L, 1_000_000L, 2_048L, List.of("echo-small", "echo-large")));
		}
	}

	private void confidentialClient(String clientId, String name, String secret, String scope) {
		save(clientId, name,
				(client) -> client.clientSecret(this.secretHasher.encode(secret))
					.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
					.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
					.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
					.scope(scope));
	}

	private void publicClient(String clientId, String name, Consumer<RegisteredClient.Builder> grants) {
		save(clientId, name, (client) -> {
			client.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
				.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
				.scope(OidcScopes.PROFILE)
				.scope("llm.chat");
			grants.accept(client);
		});
	}

	private void save(String clientId, String name, Consumer<RegisteredClient.Builder> details) {
		if (this.clients.findByClientId(clientId) != null) {
			return;
		}
		RegisteredClient.Builder client = RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(clientId)
			.clientName(name)
			.clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(true).build())
			.tokenSettings(TokenSettings.builder()
				.accessTokenTimeToLive(this.properties.tokens().accessTokenTtl())
				.refreshTokenTimeToLive(this.properties.tokens().refreshTokenTtl())
				.authorizationCodeTimeToLive(Duration.ofMinutes(5))
				.deviceCodeTimeToLive(Duration.ofMinutes(10))
				.reuseRefreshTokens(false)
				.build());
		details.accept(client);
		this.clients.save(client.build());
		logger.info("Seeded demo client {} (profile local)", clientId);
	}

}
