package dev.tollgate.auth.support;

import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Arranges that a user has not consented to a client yet, so that the next authorization
 * shows the consent page whichever test of the shared server ran before.
 */
public final class Consents {

	private Consents() {
	}

	public static void forget(TestAuthServer server, String clientId, String principalName) {
		RegisteredClient client = server.bean(RegisteredClientRepository.class).findByClientId(clientId);
		OAuth2AuthorizationConsentService consents = server.bean(OAuth2AuthorizationConsentService.class);
		OAuth2AuthorizationConsent consent = consents.findById(client.getId(), principalName);
		if (consent != null) {
			consents.remove(consent);
		}
	}

}
