package dev.tollgate.gateway.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.tollgate.gateway.error.CallerHeaders;
import dev.tollgate.gateway.quota.Caller;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{model}} as in OpenAI's API, listing
 * only what the caller's policy allows.
 */
@RestController
class ModelsController {

	private final ModelCatalog catalog;

	private final CallerHeaders callerHeaders;

	ModelsController(ModelCatalog catalog, CallerHeaders callerHeaders) {
		this.catalog = catalog;
		this.callerHeaders = callerHeaders;
	}

	@GetMapping("/v1/models")
	ResponseEntity<ModelList> list(@AuthenticationPrincipal Jwt jwt, HttpServletRequest request) {
		Caller caller = Caller.of(jwt);
		List<ModelObject> models = this.catalog.allowed(caller.policy()).stream().map(ModelObject::of).toList();
		return ResponseEntity.ok().headers(this.callerHeaders.forCaller(request)).body(new ModelList("list", models));
	}

	@GetMapping("/v1/models/{id}")
	ResponseEntity<ModelObject> get(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
			HttpServletRequest request) {
		Caller caller = Caller.of(jwt);
		ModelCatalog.Model model = this.catalog.resolve(id, caller.policy());
		return ResponseEntity.ok().headers(this.callerHeaders.forCaller(request)).body(ModelObject.of(model));
	}

	record ModelList(String object, List<ModelObject> data) {

	}

	record ModelObject(String id, String object, long created, @JsonProperty("owned_by") String ownedBy) {

		static ModelObject of(ModelCatalog.Model model) {
			return new ModelObject(model.id(), "model", ModelCatalog.created(),
					model.builtIn() ? "tollgate" : "upstream");
		}

	}

}
