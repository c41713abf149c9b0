package dev.tollgate.deploy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.tollgate.deploy.DeployFiles.at;
import static dev.tollgate.deploy.DeployFiles.map;
import static dev.tollgate.deploy.DeployFiles.maps;
import static dev.tollgate.deploy.DeployFiles.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Services reach the containers' ports, the NetworkPolicies let in only those ports and
 * let out only what each application needs, and the gateway scales and survives node
 * drains.
 */
class KubernetesNetworkTests {

	static final Map<String, Object> POSTGRESQL = Map.of("app.kubernetes.io/name", "postgresql");

	@ParameterizedTest
	@EnumSource(Application.class)
	void serviceSelectsThePodsAndTargetsTheContainerPort(Application application) {
		Map<String, Object> deployment = Manifests.deploymentOf(application);
		Map<String, Object> service = serviceOf(deployment);

		for (Map<String, Object> port : maps(at(service, "spec.ports"))) {
			assertThat(Manifests.containerPort(Manifests.containerOf(application), port.get("targetPort")))
				.isEqualTo(application.port());
		}
	}

	@ParameterizedTest
	@EnumSource(Application.class)
	void networkPolicyLetsInOnlyTheServicePorts(Application application) {
		Map<String, Object> policy = policyOf(Manifests.deploymentOf(application));

		assertThat(DeployFiles.list(at(policy, "spec.policyTypes"))).containsExactlyInAnyOrder("Ingress", "Egress");
		List<Map<String, Object>> rules = maps(at(policy, "spec.ingress"));
		assertThat(rules).isNotEmpty().allSatisfy((rule) -> assertThat(maps(rule.get("ports"))).isNotEmpty());
		Set<Object> admitted = rules.stream()
			.flatMap((rule) -> maps(rule.get("ports")).stream())
			.map((port) -> port.get("port"))
			.collect(Collectors.toSet());
		assertThat(admitted).containsExactly(application.port());
	}

	@Test
	void gatewayMayReachAuthServerAndPostgresql() {
		List<Map<String, Object>> egress = egressOf(Application.GATEWAY);
		Map<String, Object> authServerPods = Manifests.podLabels(Manifests.deploymentOf(Application.AUTH_SERVER));

		assertThat(allows(egress, authServerPods, Application.AUTH_SERVER.port())).isTrue();
		assertThat(allows(egress, POSTGRESQL, 5432)).isTrue();
	}

	@Test
	void authServerMayReachPostgresqlButNotTheGateway() {
		List<Map<String, Object>> egress = egressOf(Application.AUTH_SERVER);
		Map<String, Object> gatewayPods = Manifests.podLabels(Manifests.deploymentOf(Application.GATEWAY));

		assertThat(allows(egress, POSTGRESQL, 5432)).isTrue();
		assertThat(allows(egress, gatewayPods, Application.GATEWAY.port())).isFalse();
	}

	@ParameterizedTest
	@EnumSource(Application.class)
	void podsMayAskTheClusterDns(Application application) {
		assertThat(egressOf(application)).anySatisfy((rule) -> assertThat(maps(rule.get("ports")))
			.anySatisfy((port) -> assertThat(port).containsEntry("protocol", "UDP").containsEntry("port", 53)));
	}

	@Test
	void gatewayIsScaledByCpuFromTwoReplicasUp() {
		Map<String, Object> deployment = Manifests.deploymentOf(Application.GATEWAY);
		Map<String, Object> autoscaler = autoscalerOf(deployment);

		assertThat(autoscaler.get("apiVersion")).isEqualTo("autoscaling/v2");
		assertThat(text(autoscaler, "spec.scaleTargetRef.kind")).isEqualTo("Deployment");
		assertThat((Integer) at(autoscaler, "spec.minReplicas")).isGreaterThanOrEqualTo(2);
		assertThat((Integer) at(autoscaler, "spec.maxReplicas"))
			.isGreaterThan((Integer) at(autoscaler, "spec.minReplicas"));
		assertThat(maps(at(autoscaler, "spec.metrics")))
			.anySatisfy((metric) -> assertThat(text(metric, "resource.name")).isEqualTo("cpu"));
		assertThat(map(deployment.get("spec"))).as("the autoscaler owns the replica count")
			.doesNotContainKey("replicas");
	}

	@Test
	void gatewayKeepsAReplicaThroughANodeDrain() {
		Map<String, Object> deployment = Manifests.deploymentOf(Application.GATEWAY);
		Map<String, Object> budget = Manifests.ofKind("PodDisruptionBudget")
			.stream()
			.filter((candidate) -> Manifests.selects(map(at(candidate, "spec.selector.matchLabels")),
					Manifests.podLabels(deployment)))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No PodDisruptionBudget selects the gateway pods"));
		int fewestReplicas = (Integer) at(autoscalerOf(deployment), "spec.minReplicas");

		assertThat(budget.get("apiVersion")).isEqualTo("policy/v1");
		Object maxUnavailable = at(budget, "spec.maxUnavailable");
		if (maxUnavailable != null) {
			assertThat((Integer) maxUnavailable).isBetween(1, fewestReplicas - 1);
		}
		else {
			assertThat((Integer) at(budget, "spec.minAvailable")).isBetween(1, fewestReplicas - 1);
		}
	}

	private static Map<String, Object> autoscalerOf(Map<String, Object> deployment) {
		return Manifests.ofKind("HorizontalPodAutoscaler")
			.stream()
			.filter((candidate) -> text(deployment, "metadata.name")
				.equals(text(candidate, "spec.scaleTargetRef.name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No HorizontalPodAutoscaler for the gateway"));
	}

	private static Map<String, Object> serviceOf(Map<String, Object> deployment) {
		return Manifests.ofKind("Service")
			.stream()
			.filter((service) -> Manifests.selects(map(at(service, "spec.selector")), Manifests.podLabels(deployment)))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No Service selects " + text(deployment, "metadata.name")));
	}

	private static Map<String, Object> policyOf(Map<String, Object> deployment) {
		return Manifests.ofKind("NetworkPolicy")
			.stream()
			.filter((policy) -> Manifests.selects(map(at(policy, "spec.podSelector.matchLabels")),
					Manifests.podLabels(deployment)))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No NetworkPolicy selects " + text(deployment, "metadata.name")));
	}

	private static List<Map<String, Object>> egressOf(Application application) {
		return maps(at(policyOf(Manifests.deploymentOf(application)), "spec.egress"));
	}

	/**
	 * Whether an egress rule lets the pods out to pods with these labels on this port.
	 */
	private static boolean allows(List<Map<String, Object>> egress, Map<String, Object> labels, int port) {
		return egress.stream()
			.filter((rule) -> maps(rule.get("ports")).stream()
				.anyMatch((allowed) -> Integer.valueOf(port).equals(allowed.get("port"))))
			.flatMap((rule) -> maps(rule.get("to")).stream())
			.anyMatch((peer) -> !peer.containsKey("namespaceSelector")
					&& Manifests.selects(map(at(peer, "podSelector.matchLabels")), labels));
	}

}
