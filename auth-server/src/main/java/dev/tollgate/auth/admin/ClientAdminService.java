package dev.tollgate.auth.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.tollgate.auth.audit.AuditActor;
import dev.tollgate.auth.audit.AuditLog;
import dev.tollgate.auth.authorization.AuthorizationRevocation;
import dev.tollgate.auth.client.ClientSecretGenerator;
import dev.tollgate.auth.client.ClientSecretGenerator.NewClientSecret;
import dev.tollgate.auth.client.JpaRegisteredClientRepository;
import dev.tollgate.auth.config.TollgateProperties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/**
 * Creates, changes and deletes registered clients for the admin API, each change audited
 * in its own transaction. Every write goes through {@link JpaRegisteredClientRepository}.
 * <p>
 * NOTE: a change applies to tokens issued from then on; a removed scope or grant type
 * stays in tokens issued before, until they expire or their client's tokens are revoked.
 */
@Service
@Transactional
class ClientAdminService {

	static final String CLIENT_CREATED = "client.created";

	static final String CLIENT_CHANGED = "client.changed";

	static final String CLIENT_DELETED = "client.deleted";

	private static final List<String> UNCHANGEABLE = List.of("client_id", "token_endpoint_auth_method");

	private final JpaRegisteredClientRepository clients;

	private final ClientSecretGenerator secrets;

	private final AuthorizationRevocation revocation;

	private final AuditLog audit;

	private final ClientRegistrationReader reader;

	ClientAdminService(JpaRegisteredClientRepository clients, ClientSecretGenerator secrets,
			AuthorizationRevocation revocation, AuditLog audit, TollgateProperties properties) {
		this.clients = clients;
		this.secrets = secrets;
		this.revocation = revocation;
		this.audit = audit;
		this.reader = new ClientRegistrationReader(properties.tokens().accessTokenTtl(),
				properties.tokens().refreshTokenTtl());
	}

	/**
	 * Registers a client; the secret, if it has one, is in the answer and nowhere else.
	 */
	Created create(JsonNode body, AuditActor actor) {
		ClientRegistration registration = this.reader.read(body);
		String clientId = (registration.clientId() != null) ? registration.clientId() : UUID.randomUUID().toString();
		if (this.clients.findByClientId(clientId) != null) {
			throw new InvalidFieldException(HttpStatus.CONFLICT, "client_id",
					"a client with client_id " + clientId + " exists already");
		}

		NewClientSecret secret = registration.hasSecret() ? this.secrets.generate() : null;
		RegisteredClient client = RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(clientId)
			.clientIdIssuedAt(Instant.now())
			.clientName((registration.clientName() != null) ? registration.clientName() : clientId)
			.clientSecret((secret != null) ? secret.hash() : null)
			.clientAuthenticationMethod(new ClientAuthenticationMethod(registration.tokenEndpointAuthMethod()))
			.authorizationGrantTypes((grantTypes) -> grantTypes.addAll(grantTypes(registration)))
			.redirectUris((uris) -> uris.addAll(registration.redirectUris()))
			.scopes((scopes) -> scopes.addAll(registration.scopes()))
			.clientSettings(clientSettings(registration,
					ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(true).build()))
			.tokenSettings(tokenSettings(registration,
					TokenSettings.builder()
						.authorizationCodeTimeToLive(Duration.ofMinutes(5))
						.deviceCodeTimeToLive(Duration.ofMinutes(10))
						.reuseRefreshTokens(false)
						.build()))
			.build();
		this.clients.save(client);

		Map<String, Object> details = new LinkedHashMap<>();
		details.put("grant_types", registration.grantTypes());
		details.put("token_endpoint_auth_method", registration.tokenEndpointAuthMethod());
		record(CLIENT_CREATED, clientId, actor, details);
		return new Created(this.clients.findByClientId(clientId), (secret != null) ? secret.value() : null);
	}

	/**
	 * Applies a JSON merge patch (RFC 7396) to the client's metadata: a field given
	 * replaces the current value, a field given as {@code null} goes back to its default.
	 * The result is checked as a whole, like a new registration.
	 */
	RegisteredClient change(String clientId, JsonNode patch, AuditActor actor) {
		RegisteredClient current = find(clientId);
		ObjectNode before = ClientResources.registrationOf(current);
		ClientRegistration registration = this.reader.read(merge(before.deepCopy(), patch));

		RegisteredClient changed = RegisteredClient.from(current)
			.clientName((registration.clientName() != null) ? registration.clientName() : clientId)
			.authorizationGrantTypes((grantTypes) -> {
				grantTypes.clear();
				grantTypes.addAll(grantTypes(registration));
			})
			.redirectUris((uris) -> {
				uris.clear();
				uris.addAll(registration.redirectUris());
			})
			.scopes((scopes) -> {
				scopes.clear();
				scopes.addAll(registration.scopes());
			})
			.clientSettings(clientSettings(registration, current.getClientSettings()))
			.tokenSettings(tokenSettings(registration, current.getTokenSettings()))
			.build();
		List<String> changedFields = changedFields(before, ClientResources.registrationOf(changed));
		if (changedFields.isEmpty()) {
			return current;
		}
		this.clients.save(changed);

		Map<String, Object> details = new LinkedHashMap<>();
		details.put("changed", changedFields);
		record(CLIENT_CHANGED, clientId, actor, details);
		return this.clients.findByClientId(clientId);
	}

	/**
	 * Deletes the client after revoking its tokens, so the revocation feed lists them.
	 */
	void delete(String clientId, AuditActor actor) {
		RegisteredClient client = find(clientId);
		int revoked = this.revocation.revokeByRegisteredClient(client.getId());
		this.clients.delete(client.getId());

		Map<String, Object> details = new LinkedHashMap<>();
		details.put("revoked_authorizations", revoked);
		record(CLIENT_DELETED, clientId, actor, details);
	}

	RegisteredClient find(String clientId) {
		RegisteredClient client = this.clients.findByClientId(clientId);
		if (client == null) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No client has client_id " + clientId);
		}
		return client;
	}

	private static ObjectNode merge(ObjectNode target, JsonNode patch) {
		if (patch == null || !patch.isObject()) {
			throw new InvalidFieldException("body", "must be a JSON object: a JSON merge patch (RFC 7396)");
		}
		for (String field : patch.propertyNames()) {
			JsonNode value = patch.get(field);
			if (UNCHANGEABLE.contains(field) && !value.equals(target.get(field))) {
				throw new InvalidFieldException(field, "cannot be changed; register a new client instead");
			}
			if (value.isNull()) {
				target.remove(field);
			}
			else {
				target.set(field, value);
			}
		}
		return target;
	}

	private static List<String> changedFields(ObjectNode before, ObjectNode after) {
		List<String> changed = new ArrayList<>();
		for (String field : ClientRegistrationReader.FIELDS) {
			JsonNode old = before.get(field);
			JsonNode now = after.get(field);
			if ((old == null) ? now != null : !old.equals(now)) {
				changed.add(field);
			}
		}
		return changed;
	}

	private static List<AuthorizationGrantType> grantTypes(ClientRegistration registration) {
		return registration.grantTypes().stream().map(AuthorizationGrantType::new).toList();
	}

	private static ClientSettings clientSettings(ClientRegistration registration, ClientSettings settings) {
		if (registration.jwksUri() == null) {
			return settings;
		}
		return ClientSettings.withSettings(settings.getSettings())
			.jwkSetUrl(registration.jwksUri())
			.tokenEndpointAuthenticationSigningAlgorithm(
					SignatureAlgorithm.from(registration.tokenEndpointAuthSigningAlg()))
			.build();
	}

	private static TokenSettings tokenSettings(ClientRegistration registration, TokenSettings settings) {
		return TokenSettings.withSettings(settings.getSettings())
			.accessTokenTimeToLive(registration.accessTokenTtl())
			.refreshTokenTimeToLive(registration.refreshTokenTtl())
			.build();
	}

	private void record(String type, String clientId, AuditActor actor, Map<String, Object> details) {
		this.audit.record(type, actor.actor(), clientId, actor.principalName(), actor.remoteAddress(), details);
	}

	/**
	 * A client just created or given a new secret.
	 *
	 * @param client the client as stored
	 * @param secret its new secret, to be shown once, or {@code null} when it has none
	 */
	record Created(RegisteredClient client, String secret) {

		@Override
		public String toString() {
			return "Created[clientId=" + this.client.getClientId() + "]";
		}

	}

}
