package dev.tollgate.deploy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The two applications that are packaged as images, and what their own build and
 * configuration say about them: the jar the build produces and the port and actuator
 * paths they serve. The tests compare the deployment files with these facts rather than
 * with a copy of them.
 */
public enum Application {

	AUTH_SERVER("auth-server"),

	GATEWAY("resource-demo");

	private final String module;

	Application(String module) {
		this.module = module;
	}

	public String module() {
		return this.module;
	}

	/** The image a Dockerfile builds and the manifests run, without registry or tag. */
	String imageName() {
		return "tollgate/" + this.module;
	}

	Path dockerfile() {
		return DeployFiles.DEPLOY.resolve(this.module + ".Dockerfile");
	}

	/**
	 * The executable jar of this application in the repository, where the build leaves
	 * it: the system tests run it.
	 */
	public Path builtJar() {
		return DeployFiles.ROOT.resolve(jarPath());
	}

	/**
	 * {@code artifactId-version.jar}, as the Spring Boot plugin names the executable jar.
	 */
	String jarPath() {
		Path pom = moduleFolder().resolve("pom.xml");
		return this.module + "/target/" + pomValue(pom, "artifactId") + "-" + pomValue(pom, "version") + ".jar";
	}

	/** The project's version, from the root POM. */
	static String version() {
		return pomValue(DeployFiles.ROOT.resolve("pom.xml"), "version");
	}

	/** The HTTP port the actuator answers on. */
	int port() {
		Map<String, String> settings = settings();
		String port = settings.getOrDefault("management.server.port", settings.getOrDefault("server.port", "8080"));
		return Integer.parseInt(port);
	}

	/**
	 * The actuator health paths the application serves with its own configuration:
	 * {@code /actuator/health}, the liveness and readiness groups unless turned off, and
	 * every group it declares.
	 */
	Set<String> actuatorPaths() {
		Map<String, String> settings = settings();
		String exposed = settings.getOrDefault("management.endpoints.web.exposure.include", "health");
		if (!List.of(exposed.split(","))
			.stream()
			.map(String::trim)
			.anyMatch((id) -> id.equals("health") || id.equals("*"))) {
			return Set.of();
		}
		String health = settings.getOrDefault("management.endpoints.web.base-path", "/actuator") + "/"
				+ settings.getOrDefault("management.endpoints.web.path-mapping.health", "health");
		Set<String> paths = new LinkedHashSet<>();
		paths.add(health);
		if (probeGroupsEnabled()) {
			paths.add(health + "/liveness");
			paths.add(health + "/readiness");
		}
		String groupPrefix = "management.endpoint.health.group.";
		settings.keySet()
			.stream()
			.filter((key) -> key.startsWith(groupPrefix))
			.map((key) -> key.substring(groupPrefix.length()).split("\\.")[0])
			.forEach((group) -> paths.add(health + "/" + group));
		return paths;
	}

	/**
	 * Spring Boot serves the liveness and readiness groups unless they are turned off.
	 */
	boolean probeGroupsEnabled() {
		return !"false".equals(settings().get("management.endpoint.health.probes.enabled"));
	}

	/**
	 * The application's settings from its {@code application.yaml}, flattened to dotted
	 * names: the documents that apply to every profile, then those for {@code prod}.
	 */
	Map<String, String> settings() {
		Path file = moduleFolder().resolve("src/main/resources/application.yaml");
		Map<String, String> settings = new LinkedHashMap<>();
		for (Object document : DeployFiles.documents(file)) {
			String profile = DeployFiles.text(document, "spring.config.activate.on-profile");
			if (profile == null || List.of(profile.split(",")).contains("prod")) {
				flatten("", document, settings);
			}
		}
		return settings;
	}

	private Path moduleFolder() {
		return DeployFiles.ROOT.resolve(this.module);
	}

	private static void flatten(String prefix, Object value, Map<String, String> into) {
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, child) -> flatten(prefix + key + ".", child, into));
		}
		else if (value instanceof List<?> list) {
			into.put(prefix.substring(0, prefix.length() - 1),
					list.stream().map(String::valueOf).collect(Collectors.joining(",")));
		}
		else {
			into.put(prefix.substring(0, prefix.length() - 1), String.valueOf(value));
		}
	}

	/** A top-level element of a POM, or its parent's when the POM inherits it. */
	private static String pomValue(Path pom, String name) {
		Element project = parse(pom);
		String own = child(project, name);
		if (own != null) {
			return own;
		}
		Element parent = element(project, "parent");
		String inherited = (parent != null) ? child(parent, name) : null;
		if (inherited == null) {
			throw new IllegalStateException(pom + " names no " + name);
		}
		return inherited;
	}

	private static Element parse(Path pom) {
		try {
			return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot read " + pom, ex);
		}
	}

	private static String child(Element parent, String name) {
		Element element = element(parent, name);
		return (element != null) ? element.getTextContent().trim() : null;
	}

	private static Element element(Element parent, String name) {
		for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
			if (node instanceof Element element && element.getTagName().equals(name)) {
				return element;
			}
		}
		return null;
	}

}
