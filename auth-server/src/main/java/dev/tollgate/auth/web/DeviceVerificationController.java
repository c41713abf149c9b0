package dev.tollgate.auth.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The page where a signed-in person types the user code shown on their device (RFC 8628
 * section 3.3). Submitting it sends {@code user_code} to the same path, which the
 * authorization server's device verification endpoint handles.
 */
@Controller
class DeviceVerificationController {

	@GetMapping("/oauth2/device_verification")
	String deviceVerification() {
		return "device-verification";
	}

}
