package dev.tollgate.auth.config;

import dev.tollgate.auth.AuthServerApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code prod} profile seeds nothing and refuses to start without the settings that
 * have no safe default, naming each one.
 */
class ProdProfileTests {

	@Test
	void startWhenProdWithoutSettingsThenRefusesNamingEveryMissingSetting() {
		SpringApplicationBuilder application = new SpringApplicationBuilder(AuthServerApplication.class);

		assertThatThrownBy(() -> application.run("--spring.profiles.active=prod", "--server.port=0"))
			.isInstanceOf(IllegalStateException.class)
			.hasMessage("Profile prod refuses to start without these settings:"
					+ " spring.datasource.url (SPRING_DATASOURCE_URL)," + " tollgate.issuer (TOLLGATE_ISSUER),"
					+ " tollgate.keys.encryption-key (TOLLGATE_KEYS_ENCRYPTION_KEY)");
	}

	@Test
	void startWhenProdWithoutEncryptionKeyThenRefusesNamingIt() {
		SpringApplicationBuilder application = new SpringApplicationBuilder(AuthServerApplication.class);

		assertThatThrownBy(() -> application.run("--spring.profiles.active=prod", "--server.port=0",
				"--tollgate.issuer=https://auth.example.com",
				"--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/tollgate"))
			.hasMessage("Profile prod refuses to start without these settings:"
					+ " tollgate.keys.encryption-key (TOLLGATE_KEYS_ENCRYPTION_KEY)");
	}

}
