package dev.tollgate.auth.admin;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

/**
 * A registered client as the admin API shows it: RFC 7591 metadata names, lists in a
 * fixed order, lifetimes as ISO-8601 durations, and never a secret or its hash.
 */
final class ClientResources {

	/** The order a client's authentication method is named in, when it has several. */
	private static final List<String> AUTH_METHOD_ORDER = List.of("private_key_jwt", "client_secret_basic",
			"client_secret_post", "client_secret_jwt", "none");

	private static final JsonMapper json = JsonMapper.builder().build();

	private ClientResources() {
	}

	/** The client's metadata, in the order of {@link ClientRegistrationReader#FIELDS}. */
	static Map<String, Object> of(RegisteredClient client) {
		Map<String, Object> resource = new LinkedHashMap<>();
		resource.put("client_id", client.getClientId());
		resource.put("client_name", client.getClientName());
		resource.put("client_id_issued_at",
				(client.getClientIdIssuedAt() != null) ? client.getClientIdIssuedAt().getEpochSecond() : null);
		resource.put("grant_types", sorted(client.getAuthorizationGrantTypes(), AuthorizationGrantType::getValue,
				ClientRegistrationReader.GRANT_TYPES));
		resource.put("redirect_uris", client.getRedirectUris().stream().sorted().toList());
		resource.put("scope", String.join(" ", client.getScopes().stream().sorted().toList()));
		String authMethod = authMethod(client);
		resource.put("token_endpoint_auth_method", authMethod);
		if (ClientRegistration.PRIVATE_KEY_JWT.equals(authMethod)) {
			ClientSettings settings = client.getClientSettings();
			resource.put("jwks_uri", settings.getJwkSetUrl());
			resource.put("token_endpoint_auth_signing_alg",
					(settings.getTokenEndpointAuthenticationSigningAlgorithm() != null)
							? settings.getTokenEndpointAuthenticationSigningAlgorithm().getName() : null);
		}
		resource.put("access_token_ttl", iso(client.getTokenSettings().getAccessTokenTimeToLive()));
		resource.put("refresh_token_ttl", iso(client.getTokenSettings().getRefreshTokenTimeToLive()));
		return resource;
	}

	/**
	 * The answer that creates or rotates a secret: the client and, this once, the secret;
	 * {@code client_secret_expires_at} 0 means it does not expire (RFC 7591 section
	 * 3.2.1).
	 */
	static Map<String, Object> withSecret(RegisteredClient client, String secret) {
		Map<String, Object> resource = of(client);
		if (secret != null) {
			resource.put("client_secret", secret);
			resource.put("client_secret_expires_at", 0);
		}
		return resource;
	}

	/**
	 * The client's metadata as a registration body, which a JSON merge patch (RFC 7396)
	 * applies to.
	 */
	static ObjectNode registrationOf(RegisteredClient client) {
		Map<String, Object> resource = of(client);
		resource.remove("client_id_issued_at");
		return json.valueToTree(resource);
	}

	/** The client's one authentication method as RFC 7591 names it. */
	static String authMethod(RegisteredClient client) {
		return sorted(client.getClientAuthenticationMethods(), ClientAuthenticationMethod::getValue, AUTH_METHOD_ORDER)
			.stream()
			.findFirst()
			.orElse(null);
	}

	/** An ISO-8601 duration, in days when it is whole days ({@code P30D}, not PT720H). */
	static String iso(Duration duration) {
		long seconds = duration.toSeconds();
		if (seconds > 0 && seconds % Duration.ofDays(1).toSeconds() == 0 && duration.getNano() == 0) {
			return "P" + duration.toDays() + "D";
		}
		return duration.toString();
	}

	private static <T> List<String> sorted(Collection<T> values, Function<T, String> name, List<String> order) {
		Comparator<String> byOrder = Comparator.comparingInt((value) -> {
			int index = order.indexOf(value);
			return (index >= 0) ? index : order.size();
		});
		return values.stream().map(name).sorted(byOrder.thenComparing(Comparator.naturalOrder())).toList();
	}

}
