package dev.tollgate.auth.admin;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;

/**
 * The rules for the URIs of a client's registration: its redirect URIs (OAuth 2.1 section
 * 2.3.1 and 7.5.1, RFC 8252 section 7.3) and its {@code jwks_uri}. Each must be absolute,
 * without a fragment, and {@code https}, except {@code http} on a loopback IP address,
 * for native apps and local development; the authorization server compares redirect URIs
 * exactly.
 */
final class ClientUris {

	static final int MAX_LENGTH = 1000;

	private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "[::1]");

	private ClientUris() {
	}

	/**
	 * Checks the URI; the answer says what is wrong, or is {@code null} when nothing is.
	 */
	static String problemWith(String value) {
		if (value.isEmpty() || value.length() > MAX_LENGTH) {
			return "must be 1 to " + MAX_LENGTH + " characters long";
		}
		if (value.chars().anyMatch((c) -> Character.isWhitespace(c) || Character.isISOControl(c))) {
			return "must not contain whitespace";
		}
		URI uri;
		try {
			uri = new URI(value);
		}
		catch (URISyntaxException ex) {
			return "is not a valid URI";
		}
		if (!uri.isAbsolute() || uri.getHost() == null) {
			return "must be an absolute URI with a host";
		}
		if (uri.getRawFragment() != null) {
			return "must not have a fragment";
		}
		if (uri.getRawUserInfo() != null) {
			return "must not hold user information";
		}
		String scheme = uri.getScheme().toLowerCase();
		if ("https".equals(scheme)) {
			return null;
		}
		if ("http".equals(scheme) && LOOPBACK_HOSTS.contains(uri.getHost())) {
			return null;
		}
		return "must use https; http is allowed only on the loopback addresses 127.0.0.1 and [::1]";
	}

}
