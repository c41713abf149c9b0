package dev.tollgate.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every YAML file under {@code deploy/} and {@code deploy/k8s/} is well formed. */
class YamlFilesTests {

	static List<Path> yamlFiles() {
		return DeployFiles.yamlFiles();
	}

	@Test
	void deployAndKubernetesFoldersHoldYaml() {
		assertThat(yamlFiles()).extracting((file) -> DeployFiles.DEPLOY.relativize(file).toString())
			.contains("compose.yaml", "k8s/kustomization.yaml");
	}

	@ParameterizedTest
	@MethodSource("yamlFiles")
	void everyDocumentParsesToAMap(Path file) {
		List<Object> documents = DeployFiles.documents(file);

		assertThat(documents).isNotEmpty().allSatisfy((document) -> assertThat(document).isInstanceOf(Map.class));
	}

	@ParameterizedTest
	@MethodSource("yamlFiles")
	void everyKubernetesObjectNamesItsApiVersionKindAndName(Path file) {
		if (!file.getParent().equals(DeployFiles.KUBERNETES)) {
			return;
		}
		for (Object document : DeployFiles.documents(file)) {
			assertThat(DeployFiles.text(document, "apiVersion")).as(file + " apiVersion").isNotBlank();
			assertThat(DeployFiles.text(document, "kind")).as(file + " kind").isNotBlank();
			if (!"Kustomization".equals(DeployFiles.text(document, "kind"))) {
				assertThat(DeployFiles.text(document, "metadata.name")).as(file + " metadata.name").isNotBlank();
			}
		}
	}

}
