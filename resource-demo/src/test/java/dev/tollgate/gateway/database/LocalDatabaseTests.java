package dev.tollgate.gateway.database;

import org.junit.jupiter.api.Test;

import dev.tollgate.gateway.ResourceDemoApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The local default database is for one gateway on one machine: profile {@code prod},
 * where replicas must share one budget, refuses to start without a configured database.
 */
class LocalDatabaseTests {

	@Test
	void startWhenProdProfileAndNoDatabaseThenRefusedNamingTheSettings() {
		SpringApplicationBuilder gateway = new SpringApplicationBuilder(ResourceDemoApplication.class).profiles("prod");

		assertThatThrownBy(() -> gateway.run("--server.port=0", "--spring.main.banner-mode=off")).rootCause()
			.isInstanceOf(IllegalStateException.class)
			.hasMessage("Profile 'prod' needs the gateway's database: set SPRING_DATASOURCE_URL"
					+ " (spring.datasource.url), SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD");
		assertThat(LocalDatabaseConfiguration.DATA_DIRECTORY.toString()).isEqualTo(".tollgate/gateway-postgres");
	}

}
