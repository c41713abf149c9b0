package dev.tollgate.gateway.quota;

import org.springframework.security.oauth2.jwt.Jwt;

import dev.tollgate.gateway.error.GatewayException;

/**
 * Who is calling: the OAuth client of the access token ({@code client_id}, RFC 9068 §2.2)
 * and the quota policy its token carries. Quotas are per client, whoever the user is.
 *
 * @param clientId the client the quota belongs to
 * @param policy the client's policy from the {@code llm} claim
 */
public record Caller(String clientId, LlmPolicy policy) {

	/**
	 * The caller of a verified token.
	 * @throws GatewayException 403 when the token carries no usable {@code llm} claim:
	 * the token is valid, but this client has not been given any LLM capacity
	 */
	public static Caller of(Jwt jwt) {
		String clientId = jwt.getClaimAsString("client_id");
		LlmPolicy policy;
		try {
			policy = LlmPolicy.from(jwt)
				.orElseThrow(() -> GatewayException.forbidden("missing_llm_claim", "The access token carries no"
						+ " llm claim: client '" + clientId + "' has no LLM quota policy at the issuer."));
		}
		catch (IllegalArgumentException ex) {
			throw GatewayException.forbidden("invalid_llm_claim",
					"The access token's llm claim is malformed: " + ex.getMessage() + ".");
		}
		return new Caller(clientId, policy);
	}

}
