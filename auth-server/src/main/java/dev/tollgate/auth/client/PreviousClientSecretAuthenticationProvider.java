package dev.tollgate.auth.client;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Accepts a client's {@link PreviousClientSecret previous secret} during the grace period
 * of a rotation ({@code client_secret_basic} and {@code client_secret_post}, RFC 6749
 * section 2.3.1). It runs after Spring's {@link ClientSecretAuthenticationProvider} has
 * refused the secret: the provider manager then tries this one, and when it answers
 * {@code null} the first refusal stands, so a wrong secret is answered exactly as before.
 * <p>
 * The check itself is Spring's, run against the client with the previous hash as its
 * secret and the end of the grace period as the secret's expiry: the same secret
 * comparison, expiry check and PKCE check of a confidential client's code exchange.
 */
public final class PreviousClientSecretAuthenticationProvider implements AuthenticationProvider {

	private static final Logger logger = LoggerFactory.getLogger(PreviousClientSecretAuthenticationProvider.class);

	private final RegisteredClientRepository clients;

	private final ClientSecretAuthenticationProvider previousSecretCheck;

	public PreviousClientSecretAuthenticationProvider(RegisteredClientRepository clients,
			OAuth2AuthorizationService authorizations, ClientSecretHasher hasher) {
		this.clients = clients;
		this.previousSecretCheck = new ClientSecretAuthenticationProvider(new PreviousSecretView(clients),
				authorizations);
		this.previousSecretCheck.setPasswordEncoder(hasher);
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2ClientAuthenticationToken clientAuthentication = (OAuth2ClientAuthenticationToken) authentication;
		ClientAuthenticationMethod method = clientAuthentication.getClientAuthenticationMethod();
		if (!ClientAuthenticationMethod.CLIENT_SECRET_BASIC.equals(method)
				&& !ClientAuthenticationMethod.CLIENT_SECRET_POST.equals(method)) {
			return null;
		}

		try {
			if (this.previousSecretCheck.authenticate(clientAuthentication) == null) {
				return null;
			}
		}
		catch (OAuth2AuthenticationException ex) {
			return null;
		}

		String clientId = clientAuthentication.getPrincipal().toString();
		RegisteredClient client = this.clients.findByClientId(clientId);
		if (client == null) {
			return null;
		}
		logger.debug("client_id {} authenticated with its previous secret, accepted until {}", clientId,
				PreviousClientSecret.of(client).map(PreviousClientSecret::expiresAt).orElse(null));
		return new OAuth2ClientAuthenticationToken(client, method, clientAuthentication.getCredentials());
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2ClientAuthenticationToken.class.isAssignableFrom(authentication);
	}

	/**
	 * The clients as Spring's check should see them here: with the previous secret as
	 * their secret, or not at all when they have none in its grace period.
	 */
	private record PreviousSecretView(RegisteredClientRepository clients) implements RegisteredClientRepository {

		@Override
		public RegisteredClient findByClientId(String clientId) {
			RegisteredClient client = this.clients.findByClientId(clientId);
			if (client == null) {
				return null;
			}
			Optional<PreviousClientSecret> previous = PreviousClientSecret.of(client);
			return previous
				.map((secret) -> RegisteredClient.from(client)
					.clientSecret(secret.hash())
					.clientSecretExpiresAt(secret.expiresAt())
					.build())
				.orElse(null);
		}

		@Override
		public RegisteredClient findById(String id) {
			return this.clients.findById(id);
		}

		/** Never called: {@link ClientSecretHasher} asks for no re-encoding. */
		@Override
		public void save(RegisteredClient client) {
			throw new UnsupportedOperationException("The previous-secret view of the clients is read-only");
		}

	}

}
