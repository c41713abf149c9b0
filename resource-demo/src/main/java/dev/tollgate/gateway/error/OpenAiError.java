package dev.tollgate.gateway.error;

/**
 * The body of every error the gateway answers, in OpenAI's shape:
 * {@code {"error":{"message","type","code"}}}.
 *
 * @param error what went wrong
 */
public record OpenAiError(Detail error) {

	public static OpenAiError of(String message, String type, String code) {
		return new OpenAiError(new Detail(message, type, code));
	}

	/**
	 * @param message a sentence for a person, never internal detail
	 * @param type the class of error: {@code invalid_request_error}, {@code tokens},
	 * {@code requests} or {@code server_error}
	 * @param code a stable code for programs
	 */
	public record Detail(String message, String type, String code) {

	}

}
