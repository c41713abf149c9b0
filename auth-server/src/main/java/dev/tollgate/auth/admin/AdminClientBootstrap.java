package dev.tollgate.auth.admin;

import java.time.Duration;
import java.util.UUID;

import dev.tollgate.auth.client.ClientSecretHasher;
import dev.tollgate.auth.config.TollgateProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Under the {@code prod} profile, creates the first admin client, {@value #CLIENT_ID}
 * (client_credentials, scope {@code admin}), with the secret of
 * {@code tollgate.bootstrap.admin-client-secret}, unless it exists already: a later
 * change of the setting does not change the client's secret.
 * <p>
 * The secret must be long: client secrets are kept under a fast hash, which is safe only
 * for secrets nobody can guess (see {@link ClientSecretHasher}).
 */
@Component
@Profile("prod")
class AdminClientBootstrap implements ApplicationRunner {

	static final String CLIENT_ID = "tollgate-admin";

	static final String SETTING = "tollgate.bootstrap.admin-client-secret";

	static final int MIN_SECRET_LENGTH = 32;

	private static final Logger logger = LoggerFactory.getLogger(AdminClientBootstrap.class);

	private final RegisteredClientRepository clients;

	private final ClientSecretHasher secretHasher;

	private final TollgateProperties properties;

	AdminClientBootstrap(RegisteredClientRepository clients, ClientSecretHasher secretHasher,
			TollgateProperties properties) {
		this.clients = clients;
		this.secretHasher = secretHasher;
		this.properties = properties;
		check(properties.bootstrap().adminClientSecret());
	}

	/** Before the server starts, so that a weak secret never gets to serve a request. */
	private static void check(String secret) {
		if (StringUtils.hasText(secret) && secret.length() < MIN_SECRET_LENGTH) {
			throw new IllegalStateException(SETTING + " must be at least " + MIN_SECRET_LENGTH
					+ " characters long, for example the output of `openssl rand -base64 32`");
		}
	}

	@Override
	public void run(ApplicationArguments args) {
		String secret = this.properties.bootstrap().adminClientSecret();
		if (!StringUtils.hasText(secret)) {
			logger.info("{} is not set: no admin client is created", SETTING);
			return;
		}
		if (this.clients.findByClientId(CLIENT_ID) != null) {
			return;
		}
		try {
			this.clients.save(adminClient(secret));
			logger.info("Created admin client {} from {}", CLIENT_ID, SETTING);
		}
		catch (DataIntegrityViolationException ex) {
			logger.info("Admin client {} was created by another instance", CLIENT_ID);
		}
	}

	private RegisteredClient adminClient(String secret) {
		return RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(CLIENT_ID)
			.clientName("Tollgate admin")
			.clientSecret(this.secretHasher.encode(secret))
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope(AdminSecurityProblems.ADMIN_SCOPE)
			.clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
			.tokenSettings(TokenSettings.builder()
				.accessTokenTimeToLive(this.properties.tokens().accessTokenTtl())
				.refreshTokenTimeToLive(this.properties.tokens().refreshTokenTtl())
				.authorizationCodeTimeToLive(Duration.ofMinutes(5))
				.deviceCodeTimeToLive(Duration.ofMinutes(10))
				.reuseRefreshTokens(false)
				.build())
			.build();
	}

}
