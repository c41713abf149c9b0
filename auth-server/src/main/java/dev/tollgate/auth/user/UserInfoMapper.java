package dev.tollgate.auth.user;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.StandardClaimNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;
import org.springframework.stereotype.Component;

/**
 * Answers the OpenID Connect UserInfo endpoint (OIDC Core section 5.3) from the user's
 * row: {@code sub} always, the profile claims with scope {@code profile}, the email
 * claims with scope {@code email}.
 */
@Component
public class UserInfoMapper implements Function<OidcUserInfoAuthenticationContext, OidcUserInfo> {

	private final UserRepository users;

	UserInfoMapper(UserRepository users) {
		this.users = users;
	}

	@Override
	public OidcUserInfo apply(OidcUserInfoAuthenticationContext context) {
		OAuth2Authorization authorization = context.getAuthorization();
		Set<String> scopes = context.getAccessToken().getScopes();
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put(StandardClaimNames.SUB, authorization.getPrincipalName());
		this.users.findByUsername(authorization.getPrincipalName()).ifPresent((user) -> {
			if (scopes.contains(OidcScopes.PROFILE)) {
				claims.put(StandardClaimNames.PREFERRED_USERNAME, user.getUsername());
				putIfPresent(claims, StandardClaimNames.NAME, user.getFullName());
			}
			if (scopes.contains(OidcScopes.EMAIL) && user.getEmail() != null) {
				claims.put(StandardClaimNames.EMAIL, user.getEmail());
				claims.put(StandardClaimNames.EMAIL_VERIFIED, user.isEmailVerified());
			}
		});
		return new OidcUserInfo(claims);
	}

	private static void putIfPresent(Map<String, Object> claims, String name, Object value) {
		if (value != null) {
			claims.put(name, value);
		}
	}

}
