package dev.tollgate.auth.token;

import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import dev.tollgate.auth.quota.QuotaPolicyService;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Shapes access tokens as RFC 9068 JWTs: header {@code typ: at+jwt}; {@code scope} as one
 * space-separated string (section 2.2.3.1); {@code client_id}; and {@code aud}: the RFC
 * 8707 resources the request names, else the resource servers the granted scopes belong
 * to ({@code tollgate.tokens.audiences}), or the issuer itself when no scope maps to one
 * (see {@link ResourceIndicators}). A request that names a resource it may not is refused
 * here with {@code invalid_target}, before anything is stored, for every grant alike. A
 * DPoP-bound token gets its {@code cnf.jkt} (RFC 9449 section 6.1). A client with a quota
 * policy gets the {@code llm} claim of DESIGN.md, whatever the grant.
 */
final class AccessTokenCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

	static final String ACCESS_TOKEN_JWT_TYPE = "at+jwt";

	/** The client's LLM quota policy (DESIGN.md), whatever the grant. */
	static final String LLM_CLAIM = "llm";

	private final ResourceIndicators resources;

	private final QuotaPolicyService quotas;

	AccessTokenCustomizer(ResourceIndicators resources, QuotaPolicyService quotas) {
		this.resources = resources;
		this.quotas = quotas;
	}

	@Override
	public void customize(JwtEncodingContext context) {
		if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			return;
		}
		Set<String> scopes = context.getAuthorizedScopes();
		context.getJwsHeader().type(ACCESS_TOKEN_JWT_TYPE);
		context.getClaims()
			.audience(audienceOf(context))
			.claim(OAuth2ParameterNames.CLIENT_ID, context.getRegisteredClient().getClientId())
			.claims((claims) -> {
				claims.remove(OAuth2ParameterNames.SCOPE);
				if (!scopes.isEmpty()) {
					claims.put(OAuth2ParameterNames.SCOPE, String.join(" ", scopes));
				}
			});
		this.quotas.find(context.getRegisteredClient().getId())
			.ifPresent((policy) -> context.getClaims().claim(LLM_CLAIM, policy.toClaim()));
		Jwt dPoPProof = context.get(OAuth2TokenContext.DPOP_PROOF_KEY);
		if (dPoPProof != null) {
			Map<String, Object> confirmation = new LinkedHashMap<>();
			confirmation.put("jkt", thumbprintOf(dPoPProof));
			context.getClaims().claim("cnf", confirmation);
		}
	}

	/**
	 * The token request's resources, narrowing those of the grant's authorization request
	 * (authorization code and its refresh tokens), which are stored with it.
	 */
	private List<String> audienceOf(JwtEncodingContext context) {
		Set<String> requested = (context
			.getAuthorizationGrant() instanceof OAuth2AuthorizationGrantAuthenticationToken grant)
					? ResourceIndicators.requested(grant.getAdditionalParameters()) : Set.of();
		OAuth2AuthorizationRequest authorizationRequest = (context.getAuthorization() != null)
				? context.getAuthorization().getAttribute(OAuth2AuthorizationRequest.class.getName()) : null;
		Set<String> granted = (authorizationRequest != null)
				? ResourceIndicators.requested(authorizationRequest.getAdditionalParameters()) : Set.of();
		return this.resources.audience(context.getAuthorizedScopes(), requested, granted);
	}

	private static String thumbprintOf(Jwt dPoPProof) {
		try {
			@SuppressWarnings("unchecked")
			Map<String, Object> jwk = (Map<String, Object>) dPoPProof.getHeaders().get("jwk");
			return JWK.parse(jwk).computeThumbprint().toString();
		}
		catch (JOSEException | ParseException | RuntimeException ex) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_DPOP_PROOF,
					"The DPoP proof has no valid jwk header", null));
		}
	}

}
