package dev.tollgate.auth.admin;

/**
 * A query parameter of the admin API that is malformed or out of range; answered as RFC
 * 9457 problem details that name the parameter.
 */
class InvalidParameterException extends RuntimeException {

	private final String parameter;

	InvalidParameterException(String parameter, String message) {
		super(parameter + ": " + message);
		this.parameter = parameter;
	}

	String getParameter() {
		return this.parameter;
	}

}
