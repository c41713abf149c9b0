package dev.tollgate.auth.key;

/**
 * No signing key has the given {@code kid}.
 */
public class UnknownSigningKeyException extends RuntimeException {

	private final String kid;

	UnknownSigningKeyException(String kid) {
		super("No signing key has kid " + kid);
		this.kid = kid;
	}

	public String getKid() {
		return this.kid;
	}

}
