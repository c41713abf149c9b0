package dev.tollgate.deploy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code deploy/compose.yaml}, read as Docker Compose would before interpolation. */
final class Compose {

	static final Path FILE = DeployFiles.DEPLOY.resolve("compose.yaml");

	/** {@code ${NAME}}, {@code ${NAME:-default}} or {@code ${NAME:?message}}. */
	static final Pattern INTERPOLATION = Pattern.compile("\\$\\{(\\w+)(?::?([-?])([^}]*))?}");

	private Compose() {
	}

	static Map<String, Map<String, Object>> services() {
		Map<String, Map<String, Object>> services = new LinkedHashMap<>();
		DeployFiles.map(DeployFiles.document(FILE).get("services"))
			.forEach((name, service) -> services.put(name, DeployFiles.map(service)));
		return services;
	}

	/** The services whose image the application's Dockerfile builds. */
	static Map<String, Map<String, Object>> builtFrom(Application application) {
		Map<String, Map<String, Object>> built = new LinkedHashMap<>();
		String dockerfile = DeployFiles.ROOT.relativize(application.dockerfile()).toString();
		services().forEach((name, service) -> {
			if (dockerfile.equals(DeployFiles.text(service, "build.dockerfile"))) {
				built.put(name, service);
			}
		});
		return built;
	}

	/** A service's environment, from either the map or the list form. */
	static Map<String, String> environment(Map<String, Object> service) {
		Map<String, String> environment = new LinkedHashMap<>();
		Object declared = service.get("environment");
		DeployFiles.map(declared).forEach((key, value) -> environment.put(key, String.valueOf(value)));
		for (Object entry : DeployFiles.list(declared)) {
			String[] pair = String.valueOf(entry).split("=", 2);
			environment.put(pair[0], (pair.length > 1) ? pair[1] : null);
		}
		return environment;
	}

	static int replicas(Map<String, Object> service) {
		Object replicas = DeployFiles.at(service, "deploy.replicas");
		return (replicas != null) ? (Integer) replicas : 1;
	}

	/** The host path of each bind mount, from the short or the long syntax. */
	static List<String> bindSources(Map<String, Object> service) {
		return DeployFiles.list(service.get("volumes")).stream().map((volume) -> {
			if (volume instanceof Map<?, ?> mount) {
				return "bind".equals(mount.get("type")) ? String.valueOf(mount.get("source")) : "";
			}
			String source = String.valueOf(volume).split(":")[0];
			return source.startsWith(".") || source.startsWith("/") ? source : "";
		}).filter((source) -> !source.isEmpty()).toList();
	}

	/** The variable a value is interpolated from, or {@code null} for a literal. */
	static Matcher interpolation(String value) {
		Matcher matcher = INTERPOLATION.matcher((value != null) ? value : "");
		return matcher.matches() ? matcher : null;
	}

}
