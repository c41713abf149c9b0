package dev.tollgate.auth.observability;

import dev.tollgate.auth.admin.AdminSecurityProblems;
import dev.tollgate.auth.web.BearerTokenErrors;

/**
 * Refusals of the actuator endpoints other than health (RFC 6750 section 3, with an RFC
 * 6749 JSON body): 401 {@code invalid_token} without a valid bearer token, 403
 * {@code insufficient_scope} without scope {@code metrics.read} or {@code admin}.
 */
public final class ActuatorSecurityErrors extends BearerTokenErrors {

	/** The scope a scraper needs for {@code /actuator/prometheus}. */
	public static final String SCOPE = "metrics.read";

	public ActuatorSecurityErrors() {
		super("actuator", SCOPE, AdminSecurityProblems.ADMIN_SCOPE);
	}

}
