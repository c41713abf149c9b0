package dev.tollgate.auth.web;

import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The consent page (RFC 6749 section 4.1.1, RFC 8628 section 3.3): which client asks for
 * which scopes. It posts the decision back to the authorization endpoint, or to the
 * device verification endpoint when a device code is being approved.
 */
@Controller
class ConsentController {

	private static final Map<String, String> SCOPE_DESCRIPTIONS = Map.of(OidcScopes.PROFILE, "Your username and name",
			OidcScopes.EMAIL, "Your email address", "llm.chat",
			"Send requests to language models on your behalf, within the client's quota");

	private final RegisteredClientRepository clients;

	private final OAuth2AuthorizationConsentService consents;

	ConsentController(RegisteredClientRepository clients, OAuth2AuthorizationConsentService consents) {
		this.clients = clients;
		this.consents = consents;
	}

	@GetMapping("/oauth2/consent")
	String consent(Principal principal, Model model, @RequestParam(OAuth2ParameterNames.CLIENT_ID) String clientId,
			@RequestParam(OAuth2ParameterNames.SCOPE) String scope,
			@RequestParam(OAuth2ParameterNames.STATE) String state,
			@RequestParam(name = OAuth2ParameterNames.USER_CODE, required = false) String userCode) {
		RegisteredClient client = this.clients.findByClientId(clientId);
		if (client == null) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Unknown client_id");
		}
		Set<String> alreadyGranted = grantedScopes(client, principal.getName());

		List<ScopeView> toApprove = new ArrayList<>();
		List<ScopeView> granted = new ArrayList<>();
		for (String requested : new LinkedHashSet<>(List.of(scope.split(" ")))) {
			if (OidcScopes.OPENID.equals(requested) || !StringUtils.hasText(requested)) {
				continue;
			}
			ScopeView view = new ScopeView(requested, SCOPE_DESCRIPTIONS.getOrDefault(requested, requested));
			(alreadyGranted.contains(requested) ? granted : toApprove).add(view);
		}

		model.addAttribute("clientId", clientId);
		model.addAttribute("clientName", client.getClientName());
		model.addAttribute("state", state);
		model.addAttribute("scopes", toApprove);
		model.addAttribute("previouslyApprovedScopes", granted);
		model.addAttribute("principalName", principal.getName());
		model.addAttribute("userCode", userCode);
		model.addAttribute("requestURI",
				StringUtils.hasText(userCode) ? "/oauth2/device_verification" : "/oauth2/authorize");
		return "consent";
	}

	private Set<String> grantedScopes(RegisteredClient client, String principalName) {
		OAuth2AuthorizationConsent consent = this.consents.findById(client.getId(), principalName);
		if (consent == null) {
			return Set.of();
		}
		Set<String> scopes = new LinkedHashSet<>();
		for (GrantedAuthority authority : consent.getAuthorities()) {
			scopes.add(authority.getAuthority().replaceFirst("^SCOPE_", ""));
		}
		return scopes;
	}

	record ScopeView(String scope, String description) {
	}

}
