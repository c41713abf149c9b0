package dev.tollgate.auth.web;

import dev.tollgate.auth.ratelimit.LoginRateLimitFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The sign-in page. Spring Security's form login processes the POST to the same path.
 */
@Controller
class LoginController {

	@GetMapping("/login")
	String login() {
		return "login";
	}

	/**
	 * The sign-in page again, over the login rate limit: the filter has set 429 and
	 * {@code Retry-After}; the page says when to try again.
	 */
	@RequestMapping(LoginRateLimitFilter.THROTTLED_PAGE)
	String throttled(HttpServletRequest request, HttpServletResponse response, Model model) {
		Object retryAfterSeconds = request.getAttribute(LoginRateLimitFilter.RETRY_AFTER_ATTRIBUTE);
		if (retryAfterSeconds == null) {
			// Asked for directly, not forwarded by the filter.
			return "redirect:/login";
		}
		response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
		model.addAttribute("retryAfterSeconds", retryAfterSeconds);
		return "login";
	}

}
