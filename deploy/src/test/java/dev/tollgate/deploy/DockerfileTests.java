package dev.tollgate.deploy;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

import dev.tollgate.deploy.Dockerfile.Instruction;
import dev.tollgate.deploy.Dockerfile.Stage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each application's Dockerfile builds from the jar that Maven produces, splits it into
 * Spring Boot's layers and runs it on a JRE as a fixed non-root user with a health check.
 */
class DockerfileTests {

	/** The order in which Spring Boot's default layers change least often first. */
	static final List<String> LAYERS = List.of("dependencies", "spring-boot-loader", "snapshot-dependencies",
			"application");

	static final String LAUNCHER = "org.springframework.boot.loader.launch.JarLauncher";

	@ParameterizedTest
	@EnumSource(Application.class)
	void finalStageRunsOnAJreImage(Application application) {
		Dockerfile dockerfile = Dockerfile.parse(application.dockerfile());

		assertThat(dockerfile.stages()).as("a multi-stage build").hasSizeGreaterThanOrEqualTo(2);
		assertThat(dockerfile.last().from()).matches("eclipse-temurin:\\d+(\\.[\\d.]+)?-jre(-\\w+)?");
	}

	@ParameterizedTest
	@EnumSource(Application.class)
	void firstStageCopiesTheJarThatTheBuildProduces(Application application) {
		Stage first = Dockerfile.parse(application.dockerfile()).first();

		List<String> copied = first.all("COPY").stream().map((copy) -> copy.paths().get(0)).toList();

		assertThat(copied).contains(application.jarPath());
		assertThat(dockerignoreKeeps(application, application.jarPath())).as("the .dockerignore lets the jar in")
			.isTrue();
	}

	@ParameterizedTest
	@EnumSource(Application.class)
	void firstStageExtractsTheLayersWithTheLauncher(Application application) {
		Stage first = Dockerfile.parse(application.dockerfile()).first();

		assertThat(first.all("RUN")).map(Instruction::arguments)
			.anySatisfy((run) -> assertThat(run).contains("-Djarmode=tools")
				.contains(" extract ")
				.contains("--layers")
				.contains("--launcher"));
	}

	@ParameterizedTest
	@EnumSource(Application.class)
	void finalStageCopiesTheLayersInDependencyOrder(Application application) {
		Dockerfile dockerfile = Dockerfile.parse(application.dockerfile());

		List<String> layers = dockerfile.last()
			.all("COPY")
			.stream()
			.filter((copy) -> dockerfile.first().name().equals(copy.flag("from")))
			.map((copy) -> Path.of(copy.paths().get(0)).getFileName().toString())
			.filter(LAYERS::contains)
			.toList();

		assertThat(layers).isEqualTo(LAYERS);
	}

	@ParameterizedTest
	@EnumSource(Application.class)
	void builtJarHasTheLayersAndTheLauncherTheImageExpects(Application application) throws Exception {
		Path jar = DeployFiles.ROOT.resolve(application.jarPath());
		BuiltJar.assumeBuilt(jar);

		assertThat(BuiltJar.layers(jar)).isEqualTo(LAYERS);
		try (JarFile contents = new JarFile(jar.toFile())) {
			assertThat(contents.getEntry(LAUNCHER.replace('.', '/') + ".class")).isNotNull();
		}
	}

	@ParameterizedTest
	@EnumSource(Application.class)
	void imageStartsTheSpringBootLauncher(Application application) {
		Stage last = Dockerfile.parse(application.dockerfile()).last();

		assertThat(Dockerfile.execForm(last.required("ENTRYPOINT"))).as("exec form, so that java gets SIGTERM")
			.containsExactly("java", LAUNCHER);
		assertThat(last.required("WORKDIR")).isEqualTo("/app");
	}

	@ParameterizedTest
	@EnumSource(Application.class)
	void imageRunsAsAFixedNonRootUser(Application application) {
		Stage last = Dockerfile.parse(application.dockerfile()).last();

		String uid = uid(application);

		assertThat(uid).as("a numeric uid, so that Kubernetes can check runAsNonRoot").matches("\\d+");
		assertThat(Integer.parseInt(uid)).isPositive();
		assertThat(last.all("RUN")).map(Instruction::arguments)
			.as("the user is created in the image")
			.anySatisfy((run) -> assertThat(run).contains("--uid " + uid));
	}

	@ParameterizedTest
	@EnumSource(Application.class)
	void imageChecksItsHealthOnAServedActuatorPathOfTheExposedPort(Application application) {
		Stage last = Dockerfile.parse(application.dockerfile()).last();

		List<String> command = Dockerfile.execForm(last.required("HEALTHCHECK"));

		assertThat(last.required("EXPOSE")).isEqualTo(String.valueOf(application.port()));
		assertThat(command).hasSize(3);
		assertThat(command.get(0)).isEqualTo("/app/healthcheck.sh");
		assertThat(command.get(1)).isEqualTo(String.valueOf(application.port()));
		assertThat(application.actuatorPaths()).contains(command.get(2));
		assertThat(last.all("COPY")).map(Instruction::paths)
			.anySatisfy((paths) -> assertThat(paths).last().isEqualTo(command.get(0)));
		assertThat(Files.isExecutable(DeployFiles.DEPLOY.resolve("healthcheck.sh"))).isTrue();
		assertThat(dockerignoreKeeps(application, "deploy/healthcheck.sh")).isTrue();
	}

	@ParameterizedTest
	@EnumSource(Application.class)
	void imageDefaultsToProdWithAHeapThatFollowsTheMemoryLimit(Application application) {
		Map<String, String> environment = Dockerfile.parse(application.dockerfile()).last().environment();

		assertThat(environment).containsEntry("SPRING_PROFILES_ACTIVE", "prod");
		assertThat(environment.get("JAVA_TOOL_OPTIONS")).contains("-XX:MaxRAMPercentage=")
			.contains("-XX:+ExitOnOutOfMemoryError");
	}

	/** The uid of the image's {@code USER}, for the Kubernetes tests to compare with. */
	static String uid(Application application) {
		String user = Dockerfile.parse(application.dockerfile()).last().only("USER");
		return (user != null) ? user.split(":")[0] : "0";
	}

	/**
	 * Whether a path of the build context gets past the Dockerfile's own
	 * {@code .dockerignore}: it starts with {@code *} and re-includes with {@code !}.
	 */
	private static boolean dockerignoreKeeps(Application application, String path) {
		Path ignore = Path.of(application.dockerfile() + ".dockerignore");
		List<String> lines = DeployFiles.read(ignore).lines().map(String::strip).toList();
		assertThat(lines).as("everything is left out unless named").contains("*");
		return lines.stream()
			.filter((line) -> line.startsWith("!"))
			.anyMatch((line) -> FileSystems.getDefault()
				.getPathMatcher("glob:" + line.substring(1))
				.matches(Path.of(path)));
	}

}
