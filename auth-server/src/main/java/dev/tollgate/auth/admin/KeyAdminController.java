package dev.tollgate.auth.admin;

import java.time.Instant;

import jakarta.servlet.http.HttpServletRequest;
import dev.tollgate.auth.key.SigningKeyService;
import dev.tollgate.auth.key.SigningKeySummary;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The signing keys in the admin API: list them, rotate now, revoke one. Rotations and
 * revocations are audited with the calling client as actor.
 */
@RestController
@RequestMapping("/admin/v1/keys")
class KeyAdminController {

	private final SigningKeyService keys;

	KeyAdminController(SigningKeyService keys) {
		this.keys = keys;
	}

	/**
	 * NOTE: one page, always: a key per rotation interval stays a short list for years.
	 */
	@GetMapping
	ItemList<KeyResource> list() {
		return ItemList.of(this.keys.list().stream().map(KeyResource::of).toList());
	}

	@PostMapping("/rotate")
	KeyResource rotate(@AuthenticationPrincipal Jwt caller, HttpServletRequest request) {
		return KeyResource.of(this.keys.rotate(AdminActors.of(caller, request)));
	}

	@PostMapping("/{kid}/revoke")
	KeyResource revoke(@PathVariable String kid, @AuthenticationPrincipal Jwt caller, HttpServletRequest request) {
		return KeyResource.of(this.keys.revoke(kid, AdminActors.of(caller, request)));
	}

	/** A signing key as the admin API shows it, in the JWK vocabulary. */
	record KeyResource(String kid, String alg, String state, Instant created, Instant activated, Instant retired,
			Instant revoked) {

		static KeyResource of(SigningKeySummary key) {
			return new KeyResource(key.kid(), key.algorithm(), key.state(), key.createdAt(), key.activatedAt(),
					key.retiredAt(), key.revokedAt());
		}

	}

}
