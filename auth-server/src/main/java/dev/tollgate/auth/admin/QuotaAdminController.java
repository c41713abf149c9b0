package dev.tollgate.auth.admin;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import dev.tollgate.auth.audit.AuditActor;
import dev.tollgate.auth.audit.AuditLog;
import dev.tollgate.auth.quota.QuotaPolicy;
import dev.tollgate.auth.quota.QuotaPolicyService;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /admin/v1/clients/{clientId}/quota}: a client's LLM quota policy, which the next
 * access token of the client carries as its {@code llm} claim. Every change gets a new,
 * greater {@code version} and an audit record.
 */
@RestController
@RequestMapping("/admin/v1/clients/{clientId}/quota")
class QuotaAdminController {

	static final String QUOTA_CHANGED = "quota.changed";

	private final RegisteredClientRepository clients;

	private final QuotaPolicyService quotas;

	private final AuditLog audit;

	QuotaAdminController(RegisteredClientRepository clients, QuotaPolicyService quotas, AuditLog audit) {
		this.clients = clients;
		this.quotas = quotas;
		this.audit = audit;
	}

	@GetMapping
	Map<String, Object> get(@PathVariable String clientId) {
		RegisteredClient client = client(clientId);
		return this.quotas.find(client.getId()).map(QuotaPolicy::toClaim).orElseThrow(() -> noPolicy(clientId));
	}

	@PutMapping
	@Transactional
	Map<String, Object> put(@PathVariable String clientId, @RequestBody JsonNode body,
			@AuthenticationPrincipal Jwt caller, HttpServletRequest request) {
		RegisteredClient client = client(clientId);
		QuotaPolicy stored = this.quotas.put(client.getId(), QuotaPolicyReader.read(body));
		record(clientId, "put", stored, AdminActors.of(caller, request));
		return stored.toClaim();
	}

	@DeleteMapping
	@Transactional
	ResponseEntity<Void> delete(@PathVariable String clientId, @AuthenticationPrincipal Jwt caller,
			HttpServletRequest request) {
		RegisteredClient client = client(clientId);
		if (!this.quotas.delete(client.getId())) {
			throw noPolicy(clientId);
		}
		record(clientId, "delete", null, AdminActors.of(caller, request));
		return ResponseEntity.noContent().build();
	}

	private RegisteredClient client(String clientId) {
		RegisteredClient client = this.clients.findByClientId(clientId);
		if (client == null) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No client has client_id " + clientId);
		}
		return client;
	}

	private void record(String clientId, String action, QuotaPolicy policy, AuditActor actor) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("action", action);
		if (policy != null) {
			details.put("policy", policy.policy());
			details.put("version", policy.version());
		}
		this.audit.record(QUOTA_CHANGED, actor.actor(), clientId, actor.principalName(), actor.remoteAddress(),
				details);
	}

	private static ResponseStatusException noPolicy(String clientId) {
		return new ResponseStatusException(HttpStatus.NOT_FOUND, "Client " + clientId + " has no quota policy");
	}

}
