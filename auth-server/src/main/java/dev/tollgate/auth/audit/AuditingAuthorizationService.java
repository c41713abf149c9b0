package dev.tollgate.auth.audit;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The authorization service that Spring Authorization Server's endpoints save through: it
 * audits what a save on the token or revocation endpoint means.
 * <ul>
 * <li>A save on the token endpoint with a live access token is the end of a grant
 * (authorization code, client credentials, device code): {@value #TOKEN_ISSUED}, with the
 * grant type, scopes, authorization id and {@code jti}, through the batching writer
 * ({@link AuditLog#recordLater}). The refresh-token grant saves elsewhere and audits
 * {@code token.refreshed} itself.</li>
 * <li>A save on the revocation endpoint (RFC 7009) invalidated a token:
 * {@value #TOKEN_REVOKED}, written in the same transaction as the save.</li>
 * </ul>
 * A token that the revocation endpoint does not know is not saved, so it is not audited.
 */
public final class AuditingAuthorizationService implements OAuth2AuthorizationService {

	static final String TOKEN_ISSUED = "token.issued";

	static final String TOKEN_REVOKED = "token.revoked";

	private static final String TOKEN_ENDPOINT = "/oauth2/token";

	private static final String REVOCATION_ENDPOINT = "/oauth2/revoke";

	private final OAuth2AuthorizationService delegate;

	private final AuditLog audit;

	private final TransactionTemplate transactions;

	public AuditingAuthorizationService(OAuth2AuthorizationService delegate, AuditLog audit,
			TransactionTemplate transactions) {
		this.delegate = delegate;
		this.audit = audit;
		this.transactions = transactions;
	}

	@Override
	public void save(OAuth2Authorization authorization) {
		HttpServletRequest request = currentRequest();
		String path = (request != null) ? request.getRequestURI() : null;
		if (REVOCATION_ENDPOINT.equals(path)) {
			this.transactions.executeWithoutResult((status) -> {
				this.delegate.save(authorization);
				recordRevoked(authorization, request);
			});
			return;
		}
		this.delegate.save(authorization);
		if (TOKEN_ENDPOINT.equals(path)) {
			recordIssued(authorization, request);
		}
	}

	private void recordIssued(OAuth2Authorization authorization, HttpServletRequest request) {
		OAuth2Authorization.Token<OAuth2AccessToken> accessToken = authorization.getAccessToken();
		if (accessToken == null || accessToken.isInvalidated()) {
			return;
		}
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("grant_type", authorization.getAuthorizationGrantType().getValue());
		details.put("scope", String.join(" ", accessToken.getToken().getScopes()));
		details.put("authorization_id", authorization.getId());
		details.put("jti", (accessToken.getClaims() != null) ? accessToken.getClaims().get("jti") : null);
		details.put("refresh_token", authorization.getRefreshToken() != null);
		String clientId = clientId(authorization);
		this.audit.recordLater(TOKEN_ISSUED, clientId, clientId, authorization.getPrincipalName(),
				request.getRemoteAddr(), details);
	}

	private void recordRevoked(OAuth2Authorization authorization, HttpServletRequest request) {
		OAuth2Authorization.Token<OAuth2RefreshToken> refreshToken = authorization.getRefreshToken();
		boolean refreshRevoked = refreshToken != null && refreshToken.isInvalidated();
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("token_type", refreshRevoked ? "refresh_token" : "access_token");
		details.put("authorization_id", authorization.getId());
		String clientId = clientId(authorization);
		this.audit.record(TOKEN_REVOKED, clientId, clientId, authorization.getPrincipalName(), request.getRemoteAddr(),
				details);
	}

	/** The client id of the authenticated client making the request. */
	private static String clientId(OAuth2Authorization authorization) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof OAuth2ClientAuthenticationToken client && client.getRegisteredClient() != null) {
			return client.getRegisteredClient().getClientId();
		}
		return authorization.getRegisteredClientId();
	}

	private static HttpServletRequest currentRequest() {
		return (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)
				? attributes.getRequest() : null;
	}

	@Override
	public void remove(OAuth2Authorization authorization) {
		this.delegate.remove(authorization);
	}

	@Override
	public OAuth2Authorization findById(String id) {
		return this.delegate.findById(id);
	}

	@Override
	public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
		return this.delegate.findByToken(token, tokenType);
	}

}
