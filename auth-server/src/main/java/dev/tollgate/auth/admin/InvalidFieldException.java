package dev.tollgate.auth.admin;

/**
 * A request body field of the admin API that is unknown, of the wrong type or out of
 * range; answered as RFC 9457 problem details that name the field.
 */
class InvalidFieldException extends RuntimeException {

	private final String field;

	InvalidFieldException(String field, String message) {
		super(field + ": " + message);
		this.field = field;
	}

	String getField() {
		return this.field;
	}

}
