package dev.tollgate.gateway.security;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The firewall's check of header values without a regular expression allows exactly what
 * Spring's default pattern allows.
 */
class HeaderValuesTests {

	/** The pattern of Spring Security's StrictHttpFirewall, as documented there. */
	private static final Pattern SPRING_DEFAULT = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

	@Test
	void allowedWhenAnyValueThenSameAnswerAsSpringsPattern() {
		// given printable ASCII, Latin-1 and astral letters, controls and unassigned code
		// points
		String[] values = { "", "Bearer eyJhbGciOi.x-y_z~+/==", "caf\u00e9", "\ud83d\ude00 ok", "a\u0007b", "tab\there",
				"del\u007f", "c1\u0085", "\u0378unassigned", "line\nbreak", "x\u00a0y" };

		// then the check and the pattern agree on every one
		for (String value : values) {
			assertThat(HeaderValues.allowed(value)).as(value).isEqualTo(SPRING_DEFAULT.matcher(value).matches());
		}
	}

	@Test
	void allowedWhenControlCharacterThenRefused() {
		assertThat(HeaderValues.allowed("Bearer abc\r\nX-Evil: 1")).isFalse();
	}

}
