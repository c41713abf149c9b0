package dev.tollgate.auth.key;

import java.util.Locale;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Where a signing key is in its lifecycle: {@code next → active → retired → gone}, or
 * {@code revoked} at any point. Only {@code next} and {@code active} keys hold a private
 * part.
 */
enum SigningKeyState {

	/** Published in the JWKS, not yet signing. */
	NEXT,

	/** Signs new tokens; one per algorithm. */
	ACTIVE,

	/**
	 * Published in the JWKS until the tokens it signed have expired, no longer signing.
	 */
	RETIRED,

	/** Out of the JWKS: every token it signed has expired. Kept for the record. */
	GONE,

	/** Out of the JWKS; tokens it signed are no longer valid. */
	REVOKED;

	/** The state as the schema and the admin API write it. */
	String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Stores the states lower-case, as the schema's check constraint lists them. */
	@Converter(autoApply = true)
	static class ColumnConverter implements AttributeConverter<SigningKeyState, String> {

		@Override
		public String convertToDatabaseColumn(SigningKeyState state) {
			return (state != null) ? state.value() : null;
		}

		@Override
		public SigningKeyState convertToEntityAttribute(String column) {
			return (column != null) ? SigningKeyState.valueOf(column.toUpperCase(Locale.ROOT)) : null;
		}

	}

}
