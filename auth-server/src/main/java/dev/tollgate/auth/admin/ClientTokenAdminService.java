package dev.tollgate.auth.admin;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.tollgate.auth.audit.AuditActor;
import dev.tollgate.auth.audit.AuditLog;
import dev.tollgate.auth.authorization.AuthorizationRevocation;
import dev.tollgate.auth.client.ClientSecretGenerator;
import dev.tollgate.auth.client.ClientSecretGenerator.NewClientSecret;
import dev.tollgate.auth.client.JpaRegisteredClientRepository;
import dev.tollgate.auth.client.PreviousClientSecret;
import dev.tollgate.auth.user.UserRepository;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/**
 * What the admin API does to the credentials and tokens of clients and users: rotates a
 * client's secret, with an optional grace period for the old one, and revokes every token
 * of a client or of a user (RFC 7009 section 2.1, a whole grant at a time). Each action
 * is audited in its own transaction; no secret ever reaches the audit trail.
 * <p>
 * NOTE: a rotation keeps one previous secret: rotating again within a grace period ends
 * the earlier old secret at once.
 */
@Service
@Transactional
class ClientTokenAdminService {

	static final String SECRET_ROTATED = "client.secret_rotated";

	static final String CLIENT_TOKENS_REVOKED = "client.tokens_revoked";

	static final String USER_TOKENS_REVOKED = "user.tokens_revoked";

	static final Duration MAX_GRACE_PERIOD = Duration.ofDays(7);

	private final ClientAdminService clientAdmin;

	private final JpaRegisteredClientRepository clients;

	private final ClientSecretGenerator secrets;

	private final AuthorizationRevocation revocation;

	private final UserRepository users;

	private final AuditLog audit;

	ClientTokenAdminService(ClientAdminService clientAdmin, JpaRegisteredClientRepository clients,
			ClientSecretGenerator secrets, AuthorizationRevocation revocation, UserRepository users, AuditLog audit) {
		this.clientAdmin = clientAdmin;
		this.clients = clients;
		this.secrets = secrets;
		this.revocation = revocation;
		this.users = users;
		this.audit = audit;
	}

	/**
	 * Gives the client a new secret; with a grace period, the old secret keeps working
	 * until the period ends, otherwise it stops at once.
	 */
	ClientAdminService.Created rotateSecret(String clientId, JsonNode body, AuditActor actor) {
		Duration gracePeriod = gracePeriod(body);
		RegisteredClient client = this.clientAdmin.find(clientId);
		if (!hasSecret(client)) {
			throw new ResponseStatusException(HttpStatus.CONFLICT, "Client " + clientId + " authenticates with "
					+ ClientResources.authMethod(client) + " and has no secret to rotate");
		}

		NewClientSecret secret = this.secrets.generate();
		Instant previousExpiresAt = gracePeriod.isZero() ? null : Instant.now().plus(gracePeriod);
		ClientSettings settings = (previousExpiresAt != null)
				? new PreviousClientSecret(client.getClientSecret(), previousExpiresAt)
					.applyTo(client.getClientSettings())
				: PreviousClientSecret.removeFrom(client.getClientSettings());
		this.clients.save(RegisteredClient.from(client)
			.clientSecret(secret.hash())
			.clientSecretExpiresAt(null)
			.clientSettings(settings)
			.build());

		Map<String, Object> details = new LinkedHashMap<>();
		details.put("grace_period", ClientResources.iso(gracePeriod));
		details.put("previous_secret_valid_until", (previousExpiresAt != null) ? previousExpiresAt.toString() : null);
		this.audit.record(SECRET_ROTATED, actor.actor(), clientId, actor.principalName(), actor.remoteAddress(),
				details);
		return new ClientAdminService.Created(this.clients.findByClientId(clientId), secret.value());
	}

	/** Revokes every token of the client; answers how many authorizations that took. */
	int revokeClientTokens(String clientId, AuditActor actor) {
		RegisteredClient client = this.clientAdmin.find(clientId);
		int revoked = this.revocation.revokeByRegisteredClient(client.getId());

		Map<String, Object> details = new LinkedHashMap<>();
		details.put("revoked_authorizations", revoked);
		this.audit.record(CLIENT_TOKENS_REVOKED, actor.actor(), clientId, actor.principalName(), actor.remoteAddress(),
				details);
		return revoked;
	}

	/**
	 * Revokes every token issued for the user, by every client; answers how many
	 * authorizations that took. The audit event names the user as its principal and the
	 * admin client as its actor.
	 * <p>
	 * NOTE: the user must exist in {@code app_user}; the client_credentials grants of a
	 * client whose client_id equals the username are not the user's and stay.
	 */
	int revokeUserTokens(String username, AuditActor actor) {
		if (!this.users.existsByUsername(username)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No user has username " + username);
		}
		int revoked = this.revocation.revokeByPrincipalName(username);

		Map<String, Object> details = new LinkedHashMap<>();
		details.put("revoked_authorizations", revoked);
		this.audit.record(USER_TOKENS_REVOKED, actor.actor(), null, username, actor.remoteAddress(), details);
		return revoked;
	}

	private static boolean hasSecret(RegisteredClient client) {
		return client.getClientSecret() != null && (client.getClientAuthenticationMethods()
			.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
				|| client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.CLIENT_SECRET_POST));
	}

	/** The optional body {@code {"grace_period": "PT1H"}}; none means no grace period. */
	private static Duration gracePeriod(JsonNode body) {
		if (body == null || body.isNull() || body.isMissingNode()) {
			return Duration.ZERO;
		}
		if (!body.isObject()) {
			throw new InvalidFieldException("body", "must be a JSON object");
		}
		for (String field : body.propertyNames()) {
			if (!"grace_period".equals(field)) {
				throw new InvalidFieldException(field,
						"is not a field of a secret rotation; the only one is" + " grace_period");
			}
		}
		JsonNode value = body.get("grace_period");
		if (value == null || value.isNull()) {
			return Duration.ZERO;
		}
		Duration gracePeriod = null;
		try {
			gracePeriod = value.isString() ? Duration.parse(value.asString()) : null;
		}
		catch (DateTimeParseException ex) {
			// answered below
		}
		if (gracePeriod == null || gracePeriod.isNegative() || gracePeriod.compareTo(MAX_GRACE_PERIOD) > 0) {
			throw new InvalidFieldException("grace_period", "must be an ISO-8601 duration from PT0S to "
					+ ClientResources.iso(MAX_GRACE_PERIOD) + ", such as PT1H");
		}
		return gracePeriod;
	}

}
