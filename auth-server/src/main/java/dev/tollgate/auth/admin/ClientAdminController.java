package dev.tollgate.auth.admin;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.tollgate.auth.client.JpaRegisteredClientRepository;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.JsonNode;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

/**
 * {@code /admin/v1/clients}: list, register, read, change and delete clients, in RFC 7591
 * metadata names. A generated secret appears in the answer that creates it, never again.
 */
@RestController
@Tag(name = "clients", description = "Registered clients, in RFC 7591 metadata names")
@RequestMapping("/admin/v1/clients")
class ClientAdminController {

	static final String MERGE_PATCH_JSON = "application/merge-patch+json";

	private final ClientAdminService clientAdmin;

	private final JpaRegisteredClientRepository clients;

	ClientAdminController(ClientAdminService clientAdmin, JpaRegisteredClientRepository clients) {
		this.clientAdmin = clientAdmin;
		this.clients = clients;
	}

	/** Clients by client_id; {@code next} is the cursor of the following page. */
	@Operation(summary = "List clients by client_id, paged with limit and cursor")
	@GetMapping
	ItemList<Map<String, Object>> list(@RequestParam(required = false) String cursor,
			@RequestParam(required = false) String limit) {
		int pageSize = AdminPaging.limit(limit);
		String after = AdminPaging.position(cursor);
		List<RegisteredClient> page = this.clients.findPage((after != null) ? after : "", pageSize + 1);
		return ItemList.page(page, pageSize, ClientResources::of, RegisteredClient::getClientId);
	}

	@Operation(summary = "Register a client; a generated client_secret is in this answer only")
	@PostMapping
	ResponseEntity<Map<String, Object>> create(@RequestBody JsonNode body, @AuthenticationPrincipal Jwt caller,
			HttpServletRequest request) {
		ClientAdminService.Created created = this.clientAdmin.create(body, AdminActors.of(caller, request));
		String clientId = created.client().getClientId();
		return ResponseEntity.created(URI.create("/admin/v1/clients/" + UriUtils.encodePathSegment(clientId, "UTF-8")))
			.body(ClientResources.withSecret(created.client(), created.secret()));
	}

	@Operation(summary = "Read a client")
	@GetMapping("/{clientId}")
	Map<String, Object> get(@PathVariable String clientId) {
		return ClientResources.of(this.clientAdmin.find(clientId));
	}

	/** A JSON merge patch (RFC 7396) of the client's metadata. */
	@Operation(summary = "Change a client with a JSON merge patch (RFC 7396)")
	@PatchMapping(path = "/{clientId}", consumes = { MERGE_PATCH_JSON, "application/json" })
	Map<String, Object> change(@PathVariable String clientId, @RequestBody JsonNode patch,
			@AuthenticationPrincipal Jwt caller, HttpServletRequest request) {
		return ClientResources.of(this.clientAdmin.change(clientId, patch, AdminActors.of(caller, request)));
	}

	/** Deletes the client and revokes every token it holds. */
	@Operation(summary = "Delete a client and revoke every token it holds")
	@DeleteMapping("/{clientId}")
	ResponseEntity<Void> delete(@PathVariable String clientId, @AuthenticationPrincipal Jwt caller,
			HttpServletRequest request) {
		this.clientAdmin.delete(clientId, AdminActors.of(caller, request));
		return ResponseEntity.noContent().build();
	}

}
