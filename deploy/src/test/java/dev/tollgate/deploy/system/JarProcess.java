package dev.tollgate.deploy.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.tollgate.deploy.Application;
import dev.tollgate.deploy.DeployFiles;

/**
 * One application of the build running as a child process: {@code java -jar} on the jar
 * that Maven packaged, with the Java that runs the tests, on a port of its own, settings
 * as command-line arguments and secrets in the environment (so that {@code ps} does not
 * show them), its output in {@code target/system-tests/<name>.log}.
 * <p>
 * {@link #close()} ends it; a shutdown hook ends every one still running when the test
 * JVM exits, so that a failed or interrupted test leaves no server behind.
 */
final class JarProcess implements AutoCloseable {

	static final Path FOLDER = DeployFiles.DEPLOY.resolve("target/system-tests");

	private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

	private static final Set<Process> running = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> running.forEach(Process::destroyForcibly)));
	}

	private final String name;

	private final int port;

	private final Path log;

	private final Process process;

	private JarProcess(String name, int port, Path log, Process process) {
		this.name = name;
		this.port = port;
		this.log = log;
		this.process = process;
	}

	/**
	 * Starts the application and returns at once; {@link #awaitHealthy()} waits for it.
	 * @param settings command-line settings, {@code name=value} without the dashes
	 * @param secrets environment variables that hold secrets
	 */
	static JarProcess start(String name, Application application, int port, Map<String, String> settings,
			Map<String, String> secrets) {
		Path jar = application.builtJar();
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " is missing: the system tests run the jar that the build"
					+ " packages. Build it first (./mvnw -B package -DskipTests), or run them with"
					+ " ./mvnw -pl deploy -am verify, which packages " + application.module() + " before deploy.");
		}
		// Quick to start on two shared cores: the client compiler only, one GC thread.
		List<String> command = new ArrayList<>(
				List.of(java(), "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
						"--server.port=" + port, "--spring.main.banner-mode=off"));
		settings.forEach((key, value) -> command.add("--" + key + "=" + value));

		try {
			Path workingDirectory = Files.createDirectories(FOLDER.resolve(name));
			Path log = FOLDER.resolve(name + ".log");
			ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile());
			// Only what the test sets: the caller's shell must not change the system
			// under test.
			builder.environment().keySet().removeIf((key) -> key.startsWith("SPRING_") || key.startsWith("TOLLGATE_"));
			builder.environment().putAll(secrets);
			Process process = builder.start();
			running.add(process);
			return new JarProcess(name, port, log, process);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + name, ex);
		}
	}

	/**
	 * Waits until {@code /actuator/health} answers 200; fails with the log if it dies.
	 */
	JarProcess awaitHealthy() {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		HttpRequest health = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
			.timeout(Duration.ofSeconds(5))
			.build();
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " exited with " + this.process.exitValue()
						+ " while starting; the end of " + this.log + ":\n" + logTail());
			}
			try {
				if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return this;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			pause();
		}
		throw new IllegalStateException(this.name + " was not healthy within " + START_TIMEOUT + "; the end of "
				+ this.log + ":\n" + logTail());
	}

	String baseUrl() {
		return "http://localhost:" + this.port;
	}

	String name() {
		return this.name;
	}

	/** The last lines of the process's output, for a failure message. */
	String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.log, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "(cannot read " + this.log + ": " + ex.getMessage() + ")";
		}
	}

	/**
	 * Ends the process: SIGTERM, which runs the application's graceful shutdown, then a
	 * kill if it has not ended in time.
	 */
	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		finally {
			running.remove(this.process);
		}
	}

	private static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static void pause() {
		try {
			Thread.sleep(250);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
