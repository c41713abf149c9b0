package dev.tollgate.gateway.security;

import java.io.IOException;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import dev.tollgate.gateway.GatewayProperties;
import dev.tollgate.gateway.error.ErrorWriter;
import dev.tollgate.gateway.error.OpenAiError;

/**
 * Answers the security filters' refusals in OpenAI's error shape, with the
 * {@code WWW-Authenticate} challenge of RFC 6750 §3: 401 for a missing or invalid token,
 * 403 for a token without the scope {@code llm.chat}, and 503 when no token can be
 * checked because the issuer's keys have never been fetched. A token sent under the
 * {@code DPoP} scheme (RFC 9449 section 7.1) is refused with a {@code DPoP} challenge
 * ({@link #commenceDPoP}).
 */
final class SecurityErrorHandler implements AuthenticationEntryPoint, AccessDeniedHandler {

	static final String SCOPE = "llm.chat";

	private static final String INVALID_DPOP_PROOF = OAuth2ErrorCodes.INVALID_DPOP_PROOF;

	private static final String SPRING_DOWNGRADE_REFUSAL = "Invalid bearer token";

	private final ErrorWriter writer;

	private final String issuer;

	SecurityErrorHandler(ErrorWriter writer, GatewayProperties properties) {
		this.writer = writer;
		this.issuer = properties.issuerBase();
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		if (ex instanceof AuthenticationServiceException) {
			issuerUnavailable(response);
			return;
		}
		if (ex instanceof InsufficientAuthenticationException) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
			unauthorized(response, "No access token: send it as 'Authorization: Bearer <access token>'.");
			return;
		}
		String message = describe(ex);
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
				"Bearer error=\"invalid_token\", error_description=\"" + message + "\"");
		unauthorized(response, message);
	}

	/**
	 * The refusal of a request under the {@code DPoP} scheme: a bad proof is 401
	 * {@code invalid_dpop_proof} with Spring's description of what is wrong with it (it
	 * names a header or claim, never a value); a request Spring cannot read (no
	 * {@code DPoP} header, two Authorization headers) is 400 {@code invalid_request} with
	 * its description; a bad token is 401 {@code invalid_token} as under {@code Bearer}.
	 */
	void commenceDPoP(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		if (ex instanceof AuthenticationServiceException) {
			issuerUnavailable(response);
			return;
		}
		OAuth2Error error = dPoPError(ex);
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "DPoP error=\"" + error.getErrorCode()
				+ "\", error_description=\"" + error.getDescription().replace('"', '\'') + "\"");
		if (OAuth2ErrorCodes.INVALID_REQUEST.equals(error.getErrorCode())) {
			this.writer.write(response, HttpStatus.BAD_REQUEST,
					OpenAiError.of(error.getDescription(), "invalid_request_error", "invalid_request"));
			return;
		}
		unauthorized(response, error.getDescription());
	}

	private static OAuth2Error dPoPError(AuthenticationException ex) {
		if (!(ex instanceof OAuth2AuthenticationException oauth2) || gatewayReason(ex) != null) {
			return new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, describe(ex), null);
		}
		OAuth2Error spring = oauth2.getError();
		if (INVALID_DPOP_PROOF.equals(spring.getErrorCode())) {
			return new OAuth2Error(INVALID_DPOP_PROOF,
					"The DPoP proof (RFC 9449 section 4) is invalid: " + proofProblem(oauth2), null);
		}
		if (spring.getDescription() != null) {
			return spring;
		}
		return new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, describe(ex), null);
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
				"Bearer error=\"insufficient_scope\", scope=\"" + SCOPE + "\"");
		this.writer.write(response, HttpStatus.FORBIDDEN, OpenAiError
			.of("The access token lacks the scope " + SCOPE + ".", "invalid_request_error", "insufficient_scope"));
	}

	/**
	 * What is wrong with a proof: Spring's description, else those of the proof checks
	 * that failed (they name a claim or header), else the rules the proof must keep.
	 */
	private static String proofProblem(OAuth2AuthenticationException ex) {
		if (ex.getError().getDescription() != null) {
			return ex.getError().getDescription();
		}
		if (ex.getCause() instanceof JwtValidationException invalid && !invalid.getErrors().isEmpty()) {
			return invalid.getErrors()
				.stream()
				.map((problem) -> (problem.getDescription() != null) ? problem.getDescription()
						: problem.getErrorCode())
				.collect(Collectors.joining(" "));
		}
		return "it must be a JWT of typ dpop+jwt signed by the key of its jwk header, with this request's htm"
				+ " and htu, a recent iat, a jti not used before and the access token's ath.";
	}

	private void issuerUnavailable(HttpServletResponse response) throws IOException {
		this.writer.write(response, HttpStatus.SERVICE_UNAVAILABLE,
				OpenAiError.of(
						"The issuer's keys cannot be fetched from " + this.issuer
								+ ", so no access token can be verified. Please try again later.",
						"server_error", "issuer_unavailable"));
	}

	private void unauthorized(HttpServletResponse response, String message) throws IOException {
		this.writer.write(response, HttpStatus.UNAUTHORIZED,
				OpenAiError.of(message, "invalid_request_error", "invalid_api_key"));
	}

	/** The public reason of a refusal: only this gateway's own descriptions are shown. */
	private static String describe(AuthenticationException ex) {
		InvalidAccessTokenException invalid = gatewayReason(ex);
		if (invalid != null) {
			return invalid.getMessage();
		}
		if (isDPoPBoundTokenAsBearer(ex)) {
			return "The access token is bound to a DPoP key (cnf.jkt): send it as 'Authorization: DPoP"
					+ " <access token>' with a DPoP header holding a proof of that key (RFC 9449 section 7).";
		}
		return "The Authorization header does not hold a well-formed bearer token.";
	}

	/** This gateway's own refusal of the token, wherever Spring wrapped it; else null. */
	private static InvalidAccessTokenException gatewayReason(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidAccessTokenException invalid) {
				return invalid;
			}
		}
		return null;
	}

	/**
	 * Spring's BearerTokenAuthenticationFilter refuses a valid token that carries
	 * {@code cnf.jkt} when it came as a bearer token, with a plain
	 * {@link OAuth2AuthenticationException} of this description (DPoPTests pins it).
	 */
	private static boolean isDPoPBoundTokenAsBearer(AuthenticationException ex) {
		return ex.getClass() == OAuth2AuthenticationException.class
				&& SPRING_DOWNGRADE_REFUSAL.equals(((OAuth2AuthenticationException) ex).getError().getDescription());
	}

}
