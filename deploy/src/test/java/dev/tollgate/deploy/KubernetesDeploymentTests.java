package dev.tollgate.deploy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.tollgate.deploy.DeployFiles.at;
import static dev.tollgate.deploy.DeployFiles.map;
import static dev.tollgate.deploy.DeployFiles.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every container of every Deployment: probed on actuator paths its application really
 * serves, unprivileged, bounded in CPU and memory, and running the image the Dockerfiles
 * build.
 */
class KubernetesDeploymentTests {

	static Stream<Arguments> containers() {
		return Manifests.ofKind("Deployment")
			.stream()
			.flatMap((deployment) -> Manifests.containers(deployment)
				.stream()
				.map((container) -> Arguments.of(
						Named.of(text(deployment, "metadata.name") + "/" + container.get("name"), container),
						Manifests.podSpec(deployment))));
	}

	@Test
	void everyApplicationHasADeployment() {
		for (Application application : Application.values()) {
			assertThat(Manifests.deploymentOf(application)).isNotEmpty();
		}
	}

	@ParameterizedTest
	@MethodSource("containers")
	void containerRunsAnImageThatTheDockerfilesBuild(Map<String, Object> container, Map<String, Object> pod) {
		assertThat(Manifests.applicationOf(container)).as("image %s", container.get("image")).isNotNull();
		assertThat(String.valueOf(container.get("image"))).endsWith(":" + Application.version());
	}

	@ParameterizedTest
	@MethodSource("containers")
	void probesUseTheContainerPort(Map<String, Object> container, Map<String, Object> pod) {
		Application application = Manifests.applicationOf(container);

		for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
			Object port = at(container, probe + ".httpGet.port");
			assertThat(port).as("%s.httpGet.port", probe).isNotNull();
			assertThat(Manifests.containerPort(container, port)).as(probe).isEqualTo(application.port());
		}
	}

	@ParameterizedTest
	@MethodSource("containers")
	void probesUseHealthGroupsThatTheApplicationServes(Map<String, Object> container, Map<String, Object> pod) {
		Application application = Manifests.applicationOf(container);
		assumeTrue(application.probeGroupsEnabled(),
				() -> application.module()
						+ " turns the liveness and readiness groups off (management.endpoint.health.probes.enabled:"
						+ " false), so its probes would fail; this test runs once it serves them");

		Map<String, String> groups = Map.of("startupProbe", "liveness", "readinessProbe", "readiness", "livenessProbe",
				"liveness");

		groups.forEach((probe, group) -> {
			String path = text(container, probe + ".httpGet.path");
			assertThat(application.actuatorPaths()).as("%s.httpGet.path", probe).contains(path);
			assertThat(path).as(probe).endsWith("/" + group);
		});
	}

	@ParameterizedTest
	@MethodSource("containers")
	void containerRunsAsTheImagesNonRootUserWithoutPrivileges(Map<String, Object> container, Map<String, Object> pod) {
		Application application = Manifests.applicationOf(container);
		Map<String, Object> podContext = map(pod.get("securityContext"));
		Map<String, Object> context = map(container.get("securityContext"));

		assertThat(effective(context, podContext, "runAsNonRoot")).isEqualTo(true);
		assertThat(String.valueOf(effective(context, podContext, "runAsUser")))
			.isEqualTo(DockerfileTests.uid(application));
		assertThat(context.get("allowPrivilegeEscalation")).isEqualTo(false);
		assertThat(context.get("readOnlyRootFilesystem")).isEqualTo(true);
		assertThat(DeployFiles.list(at(context, "capabilities.drop"))).containsExactly("ALL");
		assertThat(DeployFiles.list(at(context, "capabilities.add"))).isEmpty();
		assertThat(text(effective(context, podContext, "seccompProfile"), "type")).isEqualTo("RuntimeDefault");
	}

	@ParameterizedTest
	@MethodSource("containers")
	void tmpIsTheOnlyWritablePlaceAnEmptyDir(Map<String, Object> container, Map<String, Object> pod) {
		List<Map<String, Object>> mounts = DeployFiles.maps(container.get("volumeMounts"));

		Map<String, Object> tmp = mounts.stream()
			.filter((mount) -> "/tmp".equals(mount.get("mountPath")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No volume at /tmp"));

		assertThat(DeployFiles.maps(pod.get("volumes")))
			.anySatisfy((volume) -> assertThat(volume).containsEntry("name", tmp.get("name")).containsKey("emptyDir"));
	}

	@ParameterizedTest
	@MethodSource("containers")
	void containerRequestsAndIsLimitedInCpuAndMemory(Map<String, Object> container, Map<String, Object> pod) {
		for (String resource : List.of("cpu", "memory")) {
			String request = text(container, "resources.requests." + resource);
			String limit = text(container, "resources.limits." + resource);

			assertThat(request).as("requests.%s", resource).isNotBlank();
			assertThat(limit).as("limits.%s", resource).isNotBlank();
			assertThat(Quantity.parse(request)).as("%s request within its limit", resource)
				.isLessThanOrEqualTo(Quantity.parse(limit));
		}
	}

	@ParameterizedTest
	@MethodSource("containers")
	void podGetsNeitherServiceLinksNorAnApiToken(Map<String, Object> container, Map<String, Object> pod) {
		assertThat(pod.get("enableServiceLinks")).as("service variables would be read as Spring settings")
			.isEqualTo(false);
		assertThat(pod.get("automountServiceAccountToken")).isEqualTo(false);
	}

	private static Object effective(Map<String, Object> container, Map<String, Object> pod, String key) {
		return container.containsKey(key) ? container.get(key) : pod.get(key);
	}

}
