package dev.tollgate.gateway.security;

/**
 * The header values Spring's {@code StrictHttpFirewall} allows by default: every code
 * point assigned in Unicode and none a control character. Printable ASCII, all that
 * clients send in practice, is checked by range; anything else code point by code point.
 */
final class HeaderValues {

	private HeaderValues() {
	}

	static boolean allowed(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c > 0x7e) {
				return value.codePoints().skip(i).allMatch(HeaderValues::allowedCodePoint);
			}
		}
		return true;
	}

	private static boolean allowedCodePoint(int codePoint) {
		int type = Character.getType(codePoint);
		return type != Character.UNASSIGNED && type != Character.CONTROL;
	}

}
