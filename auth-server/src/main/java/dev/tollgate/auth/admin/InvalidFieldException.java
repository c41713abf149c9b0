package dev.tollgate.auth.admin;

import org.springframework.http.HttpStatus;

/**
 * A request body field of the admin API that is unknown, of the wrong type or out of
 * range (400), or that conflicts with what exists, such as a client_id already taken
 * (409); answered as RFC 9457 problem details that name the field.
 */
class InvalidFieldException extends RuntimeException {

	private final String field;

	private final HttpStatus status;

	InvalidFieldException(String field, String message) {
		this(HttpStatus.BAD_REQUEST, field, message);
	}

	InvalidFieldException(HttpStatus status, String field, String message) {
		super(field + ": " + message);
		this.field = field;
		this.status = status;
	}

	String getField() {
		return this.field;
	}

	HttpStatus getStatus() {
		return this.status;
	}

}
