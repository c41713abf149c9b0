package dev.tollgate.auth.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Profiles;
import org.springframework.util.StringUtils;

/**
 * Under the {@code prod} profile, refuses to start unless the settings that have no safe
 * default are given: the issuer, the database and the key-encryption key. It runs before
 * any bean is created, so the message names every missing setting at once and nothing (an
 * embedded database, a generated key) is started in their place.
 */
public class ProdSettingsCheck implements EnvironmentPostProcessor, Ordered {

	private static final Map<String, String> REQUIRED = Map.of("tollgate.issuer", "TOLLGATE_ISSUER",
			"spring.datasource.url", "SPRING_DATASOURCE_URL", "tollgate.keys.encryption-key",
			"TOLLGATE_KEYS_ENCRYPTION_KEY");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.acceptsProfiles(Profiles.of("prod"))) {
			return;
		}
		List<String> missing = new ArrayList<>();
		REQUIRED.forEach((property, variable) -> {
			if (!StringUtils.hasText(environment.getProperty(property))) {
				missing.add(property + " (" + variable + ")");
			}
		});
		if (!missing.isEmpty()) {
			missing.sort(null);
			throw new IllegalStateException(
					"Profile prod refuses to start without these settings: " + String.join(", ", missing));
		}
	}

	/** After the configuration files and the environment have been read. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
