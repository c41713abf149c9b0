package dev.tollgate.auth.admin;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.JsonNode;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin API's actions on credentials and tokens: rotate a client's secret, revoke
 * every token of a client or of a user. A revocation answers how many authorizations
 * (grants) it revoked.
 */
@RestController
@Tag(name = "tokens", description = "Client secrets and token revocation")
class ClientTokenAdminController {

	private final ClientTokenAdminService tokenAdmin;

	ClientTokenAdminController(ClientTokenAdminService tokenAdmin) {
		this.tokenAdmin = tokenAdmin;
	}

	/** The new secret, shown this once; body {@code {"grace_period":"PT1H"}} optional. */
	@Operation(summary = "Rotate a client's secret, optionally keeping the old one for a grace period")
	@PostMapping("/admin/v1/clients/{clientId}/secret")
	Map<String, Object> rotateSecret(@PathVariable String clientId, @RequestBody(required = false) JsonNode body,
			@AuthenticationPrincipal Jwt caller, HttpServletRequest request) {
		ClientAdminService.Created rotated = this.tokenAdmin.rotateSecret(clientId, body,
				AdminActors.of(caller, request));
		return ClientResources.withSecret(rotated.client(), rotated.secret());
	}

	@Operation(summary = "Revoke every token of a client")
	@PostMapping("/admin/v1/clients/{clientId}/revoke-tokens")
	RevokedTokens revokeClientTokens(@PathVariable String clientId, @AuthenticationPrincipal Jwt caller,
			HttpServletRequest request) {
		return new RevokedTokens(this.tokenAdmin.revokeClientTokens(clientId, AdminActors.of(caller, request)));
	}

	@Operation(summary = "Revoke every token issued for a user")
	@PostMapping("/admin/v1/users/{username}/revoke-tokens")
	RevokedTokens revokeUserTokens(@PathVariable String username, @AuthenticationPrincipal Jwt caller,
			HttpServletRequest request) {
		return new RevokedTokens(this.tokenAdmin.revokeUserTokens(username, AdminActors.of(caller, request)));
	}

	/** How many authorizations a revocation revoked, each with every token in it. */
	record RevokedTokens(@JsonProperty("revoked_authorizations") int revokedAuthorizations) {
	}

}
