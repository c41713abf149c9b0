package dev.tollgate.auth.authorization;

import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Collectors;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.StringUtils;

/**
 * {@link OAuth2AuthorizationConsentService} on the {@code oauth2_authorization_consent}
 * table.
 */
@Service
@Transactional
public class JpaOAuth2AuthorizationConsentService implements OAuth2AuthorizationConsentService {

	private final ConsentEntityRepository consents;

	JpaOAuth2AuthorizationConsentService(ConsentEntityRepository consents) {
		this.consents = consents;
	}

	@Override
	public void save(OAuth2AuthorizationConsent consent) {
		ConsentEntity.Key key = new ConsentEntity.Key(consent.getRegisteredClientId(), consent.getPrincipalName());
		ConsentEntity entity = this.consents.findById(key).orElseGet(ConsentEntity::new);
		Instant now = Instant.now();
		if (entity.createdAt == null) {
			entity.createdAt = now;
		}
		entity.updatedAt = now;
		entity.registeredClientId = consent.getRegisteredClientId();
		entity.principalName = consent.getPrincipalName();
		entity.authorities = consent.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.collect(Collectors.joining(" "));
		this.consents.save(entity);
	}

	@Override
	public void remove(OAuth2AuthorizationConsent consent) {
		this.consents.deleteById(new ConsentEntity.Key(consent.getRegisteredClientId(), consent.getPrincipalName()));
	}

	@Override
	@Transactional(readOnly = true)
	public OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
		return this.consents.findById(new ConsentEntity.Key(registeredClientId, principalName))
			.map(JpaOAuth2AuthorizationConsentService::toConsent)
			.orElse(null);
	}

	private static OAuth2AuthorizationConsent toConsent(ConsentEntity entity) {
		OAuth2AuthorizationConsent.Builder builder = OAuth2AuthorizationConsent.withId(entity.registeredClientId,
				entity.principalName);
		if (StringUtils.hasText(entity.authorities)) {
			Arrays.stream(entity.authorities.split(" "))
				.forEach((authority) -> builder.authority(new SimpleGrantedAuthority(authority)));
		}
		return builder.build();
	}

}
