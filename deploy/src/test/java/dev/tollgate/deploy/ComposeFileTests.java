package dev.tollgate.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.tollgate.deploy.DeployFiles.at;
import static dev.tollgate.deploy.DeployFiles.map;
import static dev.tollgate.deploy.DeployFiles.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy/compose.yaml} runs PostgreSQL, auth-server and two gateways behind a load
 * balancer under {@code prod}, each waiting for what it needs to be healthy, with every
 * secret from the uncommitted {@code deploy/.env}.
 */
class ComposeFileTests {

	static final Path ENV_EXAMPLE = DeployFiles.DEPLOY.resolve(".env.example");

	@Test
	void postgresqlHasAHealthCheckAndKeepsItsDataInAVolume() {
		Map<String, Object> postgres = postgres();

		assertThat(DeployFiles.list(at(postgres, "healthcheck.test"))).isNotEmpty();
		String volume = DeployFiles.list(postgres.get("volumes"))
			.stream()
			.map(String::valueOf)
			.filter((mount) -> mount.endsWith(":/var/lib/postgresql/data"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No volume at /var/lib/postgresql/data"));
		assertThat(map(DeployFiles.document(Compose.FILE).get("volumes"))).containsKey(volume.split(":")[0]);
	}

	@ParameterizedTest
	@EnumSource(Application.class)
	void applicationRunsUnderProdWithEverySettingItRequires(Application application) {
		assertThat(Compose.builtFrom(application)).isNotEmpty().allSatisfy((name, service) -> {
			Map<String, String> environment = Compose.environment(service);

			assertThat(environment).containsEntry("SPRING_PROFILES_ACTIVE", "prod");
			for (String required : RequiredSettings.of(application)) {
				assertThat(environment.get(required)).as("%s of %s", required, name).isNotBlank();
			}
		});
	}

	@ParameterizedTest
	@EnumSource(Application.class)
	void imagesAreBuiltFromTheRepositoryRoot(Application application) {
		assertThat(Compose.builtFrom(application)).allSatisfy((name, service) -> {
			Path context = Compose.FILE.getParent().resolve(text(service, "build.context")).normalize();
			assertThat(context).isEqualTo(DeployFiles.ROOT);
			assertThat(text(service, "image")).isEqualTo(application.imageName() + ":" + Application.version());
		});
	}

	@Test
	void gatewaysTrustTheIssuerThatAuthServerSigns() {
		String issuer = Compose.environment(only(Application.AUTH_SERVER)).get("TOLLGATE_ISSUER");

		assertThat(Compose.builtFrom(Application.GATEWAY)).allSatisfy((name,
				service) -> assertThat(Compose.environment(service).get("TOLLGATE_GATEWAY_ISSUER")).isEqualTo(issuer));
	}

	@Test
	void twoGatewayReplicasRunBehindTheLoadBalancer() {
		Map<String, Map<String, Object>> gateways = Compose.builtFrom(Application.GATEWAY);
		Map<String, Object> balancer = loadBalancer();
		String config = DeployFiles.read(DeployFiles.DEPLOY.resolve("nginx.conf"));

		assertThat(gateways.values().stream().mapToInt(Compose::replicas).sum()).isGreaterThanOrEqualTo(2);
		gateways.keySet()
			.forEach((name) -> assertThat(config).contains("server " + name + ":" + Application.GATEWAY.port()));
		assertThat(map(balancer.get("depends_on"))).containsOnlyKeys(gateways.keySet());
		String published = String.valueOf(DeployFiles.list(balancer.get("ports")).get(0));
		assertThat(config).contains("listen " + published.substring(published.lastIndexOf(':') + 1) + ";");
	}

	@Test
	void everyDependencyIsWaitedForUntilHealthy() {
		Map<String, Map<String, Object>> services = Compose.services();

		services.forEach((name, service) -> map(service.get("depends_on")).forEach((dependency, condition) -> {
			assertThat(text(condition, "condition")).as("%s waits for %s", name, dependency)
				.isEqualTo("service_healthy");
			assertThat(hasHealthCheck(services.get(dependency))).as("%s has a health check", dependency).isTrue();
		}));
	}

	@Test
	void everyBindMountedFileExists() {
		Compose.services()
			.forEach((name, service) -> assertThat(Compose.bindSources(service))
				.allSatisfy((source) -> assertThat(Compose.FILE.getParent().resolve(source)).as(name).exists()));
	}

	@Test
	void secretsComeOnlyFromTheEnvFile() throws Exception {
		Properties example = new Properties();
		example.load(Files.newBufferedReader(ENV_EXAMPLE));

		Compose.services().forEach((name, service) -> Compose.environment(service).forEach((variable, value) -> {
			if (RequiredSettings.isSecret(variable)) {
				Matcher interpolation = Compose.interpolation(value);
				assertThat(interpolation).as("%s of %s comes from deploy/.env", variable, name).isNotNull();
				assertThat(interpolation.group(2)).as("%s is required, with no default", variable).isEqualTo("?");
				assertThat(example.getProperty(interpolation.group(1))).as("%s in .env.example", interpolation.group(1))
					.isEmpty();
			}
		}));
	}

	@Test
	void envFileIsIgnoredAndItsExampleSaysHowToGenerateSecrets() {
		List<String> ignored = DeployFiles.read(DeployFiles.DEPLOY.resolve(".gitignore")).lines().toList();

		assertThat(ignored).contains(".env");
		assertThat(DeployFiles.read(ENV_EXAMPLE)).contains("openssl rand -base64 32");
		assertThat(Pattern.compile("^\\w+=\\S", Pattern.MULTILINE).matcher(DeployFiles.read(ENV_EXAMPLE)).results())
			.as("only the issuer has a value in the example")
			.allSatisfy((result) -> assertThat(result.group()).startsWith("TOLLGATE_ISSUER="));
	}

	private static boolean hasHealthCheck(Map<String, Object> service) {
		if (service.containsKey("healthcheck")) {
			return true;
		}
		for (Application application : Application.values()) {
			if (Compose.builtFrom(application).containsValue(service)) {
				return Dockerfile.parse(application.dockerfile()).last().only("HEALTHCHECK") != null;
			}
		}
		return false;
	}

	private static Map<String, Object> only(Application application) {
		Map<String, Map<String, Object>> services = Compose.builtFrom(application);
		assertThat(services).hasSize(1);
		return services.values().iterator().next();
	}

	private static Map<String, Object> postgres() {
		return imageService("postgres:");
	}

	private static Map<String, Object> loadBalancer() {
		return imageService("nginx:");
	}

	private static Map<String, Object> imageService(String imagePrefix) {
		return Compose.services()
			.values()
			.stream()
			.filter((service) -> String.valueOf(service.get("image")).startsWith(imagePrefix))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No service runs " + imagePrefix + "*"));
	}

}
