package dev.tollgate.auth.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.security.oauth2.core.AuthorizationGrantType;

/**
 * Corrects the server metadata (RFC 8414, OpenID Connect Discovery) to what Tollgate
 * really supports: Spring Authorization Server advertises every method it could support
 * ({@code client_secret_jwt}, mutual TLS, token exchange), and a client that believed it
 * would fail later with a less clear error.
 */
final class ServerMetadata {

	private static final List<String> CLIENT_AUTHENTICATION_METHODS = List.of("client_secret_basic",
			"client_secret_post", "private_key_jwt");

	private static final List<String> TOKEN_ENDPOINT_AUTHENTICATION_METHODS = List.of("client_secret_basic",
			"client_secret_post", "private_key_jwt", "none");

	private static final List<String> GRANT_TYPES = List.of(AuthorizationGrantType.AUTHORIZATION_CODE.getValue(),
			AuthorizationGrantType.CLIENT_CREDENTIALS.getValue(), AuthorizationGrantType.REFRESH_TOKEN.getValue(),
			AuthorizationGrantType.DEVICE_CODE.getValue());

	private static final List<String> SCOPES = List.of("openid", "profile", "email", "llm.chat");

	private ServerMetadata() {
	}

	static void correct(Map<String, Object> claims) {
		claims.put("token_endpoint_auth_methods_supported", new ArrayList<>(TOKEN_ENDPOINT_AUTHENTICATION_METHODS));
		claims.put("introspection_endpoint_auth_methods_supported", new ArrayList<>(CLIENT_AUTHENTICATION_METHODS));
		claims.put("revocation_endpoint_auth_methods_supported", new ArrayList<>(CLIENT_AUTHENTICATION_METHODS));
		claims.put("grant_types_supported", new ArrayList<>(GRANT_TYPES));
		claims.remove("tls_client_certificate_bound_access_tokens");
		if (claims.containsKey("subject_types_supported")) {
			claims.put("scopes_supported", new ArrayList<>(SCOPES));
		}
	}

}
