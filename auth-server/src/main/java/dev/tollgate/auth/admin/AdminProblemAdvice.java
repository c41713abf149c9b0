package dev.tollgate.auth.admin;

import dev.tollgate.auth.key.UnknownSigningKeyException;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Answers errors of the admin API's controllers as RFC 9457 problem details: Spring MVC's
 * own (a malformed body, a missing parameter) through
 * {@link ResponseEntityExceptionHandler}, and the admin API's: a field or parameter that
 * is wrong (named in {@code field} or {@code parameter}), an unknown {@code kid}. Errors
 * outside the controllers are {@link AdminErrorFilter}'s.
 */
@RestControllerAdvice(basePackageClasses = AdminProblemAdvice.class)
class AdminProblemAdvice extends ResponseEntityExceptionHandler {

	@ExceptionHandler
	ProblemDetail invalidField(InvalidFieldException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(ex.getStatus(), ex.getMessage());
		problem.setProperty("field", ex.getField());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail invalidParameter(InvalidParameterException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setProperty("parameter", ex.getParameter());
		return problem;
	}

	/**
	 * Two requests that changed the same thing at once, such as two registrations of one
	 * client_id: the database kept the first.
	 */
	@ExceptionHandler
	ProblemDetail conflict(DataIntegrityViolationException ex) {
		if (this.logger.isDebugEnabled()) {
			this.logger.debug("Admin API change refused by the database: " + ex.getMostSpecificCause().getMessage());
		}
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"Another request changed the same data at the same time; read it again and retry");
	}

	@ExceptionHandler
	ProblemDetail unknownSigningKey(UnknownSigningKeyException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No signing key has kid " + ex.getKid());
	}

}
