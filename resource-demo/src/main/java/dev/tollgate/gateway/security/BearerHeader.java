package dev.tollgate.gateway.security;

/**
 * Reads the token of an {@code Authorization: Bearer} header when it has the syntax of
 * RFC 6750 §2.1 ({@code b64token}: letters, digits, {@code -._~+/}, then {@code =}
 * padding), the scheme name in any case, with a loop over the characters instead of a
 * regular expression.
 */
final class BearerHeader {

	private static final String SCHEME = "Bearer ";

	private BearerHeader() {
	}

	/** The token, or {@code null} when the header is missing or not exactly that. */
	static String token(String header) {
		if (header == null || header.length() <= SCHEME.length()
				|| !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
			return null;
		}
		int end = header.length();
		while (end > SCHEME.length() && header.charAt(end - 1) == '=') {
			end--;
		}
		if (end == SCHEME.length()) {
			return null;
		}
		for (int i = SCHEME.length(); i < end; i++) {
			if (!isTokenCharacter(header.charAt(i))) {
				return null;
			}
		}
		return header.substring(SCHEME.length());
	}

	private static boolean isTokenCharacter(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~' || c == '+' || c == '/';
	}

}
