package dev.tollgate.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes objects under {@code deploy/k8s/}: those that {@code kustomization.yaml}
 * applies, and apart from them the Secret template, which documents keys without values.
 */
final class Manifests {

	static final Path KUSTOMIZATION = DeployFiles.KUBERNETES.resolve("kustomization.yaml");

	static final Path SECRET_TEMPLATE = DeployFiles.KUBERNETES.resolve("secret.template.yaml");

	private Manifests() {
	}

	/** Every object that {@code kubectl apply -k deploy/k8s} creates. */
	static List<Map<String, Object>> applied() {
		List<Map<String, Object>> objects = new ArrayList<>();
		for (Object resource : DeployFiles.list(DeployFiles.document(KUSTOMIZATION).get("resources"))) {
			for (Object document : DeployFiles.documents(DeployFiles.KUBERNETES.resolve(String.valueOf(resource)))) {
				objects.add(DeployFiles.map(document));
			}
		}
		return objects;
	}

	static List<Map<String, Object>> ofKind(String kind) {
		return applied().stream().filter((object) -> kind.equals(object.get("kind"))).toList();
	}

	static Map<String, Object> named(String kind, String name) {
		return ofKind(kind).stream()
			.filter((object) -> name.equals(DeployFiles.text(object, "metadata.name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No " + kind + " " + name + " in deploy/k8s"));
	}

	static List<Map<String, Object>> secretTemplates() {
		return DeployFiles.documents(SECRET_TEMPLATE).stream().map(DeployFiles::map).toList();
	}

	/** The Deployment whose pods run the application's image. */
	static Map<String, Object> deploymentOf(Application application) {
		return ofKind("Deployment").stream()
			.filter((deployment) -> containers(deployment).stream()
				.anyMatch((container) -> application.equals(applicationOf(container))))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No Deployment runs " + application.imageName()));
	}

	/** The container of the application's Deployment that runs its image. */
	static Map<String, Object> containerOf(Application application) {
		return containers(deploymentOf(application)).stream()
			.filter((container) -> application.equals(applicationOf(container)))
			.findFirst()
			.orElseThrow();
	}

	static Map<String, Object> podSpec(Map<String, Object> workload) {
		return DeployFiles.map(DeployFiles.at(workload, "spec.template.spec"));
	}

	static Map<String, Object> podLabels(Map<String, Object> workload) {
		return DeployFiles.map(DeployFiles.at(workload, "spec.template.metadata.labels"));
	}

	/** The containers and init containers of a workload's pods. */
	static List<Map<String, Object>> containers(Map<String, Object> workload) {
		List<Map<String, Object>> containers = new ArrayList<>(DeployFiles.maps(podSpec(workload).get("containers")));
		containers.addAll(DeployFiles.maps(podSpec(workload).get("initContainers")));
		return containers;
	}

	/** The application whose image a container runs, by image name, or {@code null}. */
	static Application applicationOf(Map<String, Object> container) {
		String image = String.valueOf(container.get("image"));
		String name = image.contains(":") ? image.substring(0, image.lastIndexOf(':')) : image;
		for (Application application : Application.values()) {
			if (name.equals(application.imageName())) {
				return application;
			}
		}
		return null;
	}

	/**
	 * A container port by name or number, as a probe or a Service's targetPort names it.
	 */
	static Integer containerPort(Map<String, Object> container, Object port) {
		for (Map<String, Object> declared : DeployFiles.maps(container.get("ports"))) {
			if (String.valueOf(port).equals(String.valueOf(declared.get("name")))
					|| String.valueOf(port).equals(String.valueOf(declared.get("containerPort")))) {
				return (Integer) declared.get("containerPort");
			}
		}
		return null;
	}

	/** Whether a label selector's matchLabels are all among the labels. */
	static boolean selects(Map<String, Object> matchLabels, Map<String, Object> labels) {
		return !matchLabels.isEmpty() && labels.entrySet().containsAll(matchLabels.entrySet());
	}

}
