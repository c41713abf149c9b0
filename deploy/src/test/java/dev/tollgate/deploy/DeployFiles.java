package dev.tollgate.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Finds and reads the files under {@code deploy/}, and walks the maps and lists that
 * SnakeYAML makes of them.
 */
public final class DeployFiles {

	/**
	 * The {@code deploy/} folder: Surefire runs the tests with it as the base directory.
	 */
	public static final Path DEPLOY = locateDeploy();

	/** The repository root, the build context of both Dockerfiles. */
	static final Path ROOT = DEPLOY.getParent();

	static final Path KUBERNETES = DEPLOY.resolve("k8s");

	private DeployFiles() {
	}

	private static Path locateDeploy() {
		Path base = Path.of(System.getProperty("basedir", "")).toAbsolutePath().normalize();
		for (Path candidate : List.of(base, base.resolve("deploy"))) {
			if (Files.isRegularFile(candidate.resolve("compose.yaml"))) {
				return candidate;
			}
		}
		throw new IllegalStateException("No deploy/compose.yaml under " + base);
	}

	/** Every YAML file directly in {@code deploy/} and {@code deploy/k8s/}. */
	static List<Path> yamlFiles() {
		List<Path> files = new ArrayList<>();
		for (Path folder : List.of(DEPLOY, KUBERNETES)) {
			try (Stream<Path> entries = Files.list(folder)) {
				entries.filter(DeployFiles::isYaml).sorted().forEach(files::add);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return files;
	}

	static boolean isYaml(Path file) {
		String name = file.getFileName().toString();
		return Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml"));
	}

	/** Every document of a YAML file, in order; a multi-document file gives several. */
	static List<Object> documents(Path file) {
		Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
		List<Object> documents = new ArrayList<>();
		for (Object document : yaml.loadAll(read(file))) {
			if (document != null) {
				documents.add(document);
			}
		}
		return documents;
	}

	/** The single document of a YAML file, as a map. */
	static Map<String, Object> document(Path file) {
		List<Object> documents = documents(file);
		if (documents.size() != 1) {
			throw new IllegalStateException(file + " holds " + documents.size() + " documents, not one");
		}
		return map(documents.get(0));
	}

	static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object value) {
		return (value instanceof Map) ? (Map<String, Object>) value : Map.of();
	}

	@SuppressWarnings("unchecked")
	static List<Object> list(Object value) {
		return (value instanceof List) ? (List<Object>) value : List.of();
	}

	/** The value at a dotted path of map keys, or {@code null} when a step is missing. */
	static Object at(Object root, String path) {
		Object current = root;
		for (String key : path.split("\\.")) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(key);
		}
		return current;
	}

	static String text(Object root, String path) {
		Object value = at(root, path);
		return (value != null) ? String.valueOf(value) : null;
	}

	static List<Map<String, Object>> maps(Object value) {
		return list(value).stream().map(DeployFiles::map).toList();
	}

}
