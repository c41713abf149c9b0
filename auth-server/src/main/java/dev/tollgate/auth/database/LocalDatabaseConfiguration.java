package dev.tollgate.auth.database;

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
 * The local default database: when no {@code spring.datasource.url} is configured, a real
 * PostgreSQL (embedded binaries) is started in-process with its data under
 * {@code .tollgate/postgres}, kept across restarts.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoDataSourceUrlCondition.class)
class LocalDatabaseConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(LocalDatabaseConfiguration.class);

	static final Path DATA_DIRECTORY = Path.of(".tollgate", "postgres");

	@Bean(destroyMethod = "close")
	EmbeddedPostgres embeddedPostgres(Environment environment) throws IOException {
		if (environment.acceptsProfiles(Profiles.of("prod"))) {
			throw new IllegalStateException("Profile 'prod' needs a database: set SPRING_DATASOURCE_URL"
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
		dataSource.setPoolName("tollgate-local");
		dataSource.setMaximumPoolSize(10);
		return dataSource;
	}

}
