package dev.tollgate.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Asks an executable jar that Maven built about its layers, with the same tool the
 * Dockerfiles run ({@code -Djarmode=tools}). The jars exist once the application modules
 * are packaged, as in {@code ./mvnw verify}, where this module comes after them.
 */
final class BuiltJar {

	private BuiltJar() {
	}

	static void assumeBuilt(Path jar) {
		assumeTrue(Files.isRegularFile(jar), () -> jar + " is not built; ./mvnw -B package -DskipTests builds it");
	}

	static List<String> layers(Path jar) throws IOException, InterruptedException {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Process process = new ProcessBuilder(java.toString(), "-Djarmode=tools", "-jar", jar.toString(), "list-layers")
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		// A JAVA_TOOL_OPTIONS in the environment makes the JVM say so first.
		return output.lines()
			.map(String::strip)
			.filter((line) -> !line.isEmpty() && !line.startsWith("Picked up "))
			.toList();
	}

}
