package dev.tollgate.gateway.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * The gateway's local default database: with no {@code spring.datasource.url}, a real
 * PostgreSQL (embedded binaries) runs in-process with its data under
 * {@code .tollgate/gateway-postgres}, kept across restarts. It holds the quota buckets
 * and the usage ledger; replicas that must share one budget need a shared PostgreSQL
 * through {@code SPRING_DATASOURCE_*} instead, which profile {@code prod} requires.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoDataSourceUrlCondition.class)
class LocalDatabaseConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(LocalDatabaseConfiguration.class);

	static final Path DATA_DIRECTORY = Path.of(".tollgate", "gateway-postgres");

	@Bean(destroyMethod = "close")
	EmbeddedPostgres embeddedPostgres(Environment environment) throws IOException {
		if (environment.acceptsProfiles(Profiles.of("prod"))) {
			// Replicas on embedded databases would each enforce a budget of their own.
			throw new IllegalStateException("Profile 'prod' needs the gateway's database: set SPRING_DATASOURCE_URL"
					+ " (spring.datasource.url), SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD");
		}
		Files.createDirectories(DATA_DIRECTORY);
		EmbeddedPostgres postgres = EmbeddedPostgres.builder()
			.setDataDirectory(DATA_DIRECTORY)
			.setCleanDataDirectory(false)
			.start();
		logger.info("No spring.datasource.url configured: using the local default, an embedded PostgreSQL"
				+ " on port {} with its data in {}", postgres.getPort(), DATA_DIRECTORY.toAbsolutePath());
		return postgres;
	}

	@Bean(destroyMethod = "close")
	DataSource dataSource(EmbeddedPostgres postgres) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
		dataSource.setUsername("postgres");
		dataSource.setPoolName("tollgate-gateway-local");
		dataSource.setMaximumPoolSize(10);
		// As with a configured database: fail fast rather than hang when it is gone.
		dataSource.setConnectionTimeout(2000);
		dataSource.setValidationTimeout(1000);
		return dataSource;
	}

}
