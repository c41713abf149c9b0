package dev.tollgate.auth.admin;

import java.time.Duration;
import java.util.List;

/**
 * A client's metadata as the admin API accepts it, checked by
 * {@link ClientRegistrationReader}, with RFC 7591 section 2 meanings.
 *
 * @param clientId the client_id, or {@code null} for the server to choose one
 * @param clientName the name shown on the consent page, or {@code null} for the client_id
 * @param grantTypes the grant types, at least one
 * @param redirectUris the exact redirect URIs; empty unless authorization_code
 * @param scopes the scopes the client may ask for, at least one
 * @param tokenEndpointAuthMethod how the client authenticates at the token endpoint
 * @param jwksUri where the client publishes its keys, for {@code private_key_jwt} only
 * @param tokenEndpointAuthSigningAlg the JWS algorithm of its assertions, for
 * {@code private_key_jwt} only
 * @param accessTokenTtl how long its access tokens live
 * @param refreshTokenTtl the absolute lifetime of its refresh-token chains
 */
record ClientRegistration(String clientId, String clientName, List<String> grantTypes, List<String> redirectUris,
		List<String> scopes, String tokenEndpointAuthMethod, String jwksUri, String tokenEndpointAuthSigningAlg,
		Duration accessTokenTtl, Duration refreshTokenTtl) {

	static final String NONE = "none";

	static final String PRIVATE_KEY_JWT = "private_key_jwt";

	/** Whether the client authenticates with a secret the server generates. */
	boolean hasSecret() {
		return !NONE.equals(this.tokenEndpointAuthMethod) && !PRIVATE_KEY_JWT.equals(this.tokenEndpointAuthMethod);
	}

}
