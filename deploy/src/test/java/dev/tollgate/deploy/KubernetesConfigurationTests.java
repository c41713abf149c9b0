package dev.tollgate.deploy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.tollgate.deploy.DeployFiles.at;
import static dev.tollgate.deploy.DeployFiles.map;
import static dev.tollgate.deploy.DeployFiles.maps;
import static dev.tollgate.deploy.DeployFiles.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The containers get every setting their application needs under {@code prod}: the plain
 * ones from a ConfigMap of the manifests, the secret ones from Secrets that the template
 * documents without values.
 */
class KubernetesConfigurationTests {

	@ParameterizedTest
	@EnumSource(Application.class)
	void containerGetsEverySettingThatProdRequires(Application application) {
		Map<String, String> environment = environment(application);

		assertThat(environment).containsKeys(RequiredSettings.of(application).toArray(String[]::new));
		assertThat(environment).containsEntry("SPRING_PROFILES_ACTIVE", "prod");
	}

	@Test
	void gatewayTrustsTheIssuerThatAuthServerSigns() {
		assertThat(environment(Application.GATEWAY).get("TOLLGATE_GATEWAY_ISSUER"))
			.isEqualTo(environment(Application.AUTH_SERVER).get("TOLLGATE_ISSUER"));
	}

	@ParameterizedTest
	@EnumSource(Application.class)
	void secretsComeOnlyFromSecrets(Application application) {
		Map<String, String> environment = environment(application);

		environment.forEach((variable, source) -> {
			if (RequiredSettings.isSecret(variable)) {
				assertThat(source).as(variable).startsWith("secret:");
			}
		});
	}

	@ParameterizedTest
	@EnumSource(Application.class)
	void everySecretKeyReferencedIsDocumentedInTheTemplate(Application application) {
		for (Map<String, Object> variable : variables(application)) {
			Map<String, Object> reference = map(at(variable, "valueFrom.secretKeyRef"));
			if (!reference.isEmpty()) {
				assertThat(templateKeys(String.valueOf(reference.get("name")))).as("%s", reference)
					.contains(String.valueOf(reference.get("key")));
			}
		}
	}

	@Test
	void secretTemplateHoldsNoValueAndIsNotApplied() {
		for (Map<String, Object> secret : Manifests.secretTemplates()) {
			assertThat(secret.get("kind")).isEqualTo("Secret");
			assertThat(secret).doesNotContainKey("data");
			assertThat(map(secret.get("stringData"))).isNotEmpty()
				.allSatisfy((key, value) -> assertThat(value).isEqualTo(""));
		}
		assertThat(Manifests.ofKind("Secret")).isEmpty();
		assertThat(DeployFiles.read(Manifests.SECRET_TEMPLATE)).contains("openssl rand -base64 32");
	}

	@Test
	void kustomizationAppliesEveryManifestButTheTemplate() {
		List<Object> resources = DeployFiles.list(DeployFiles.document(Manifests.KUSTOMIZATION).get("resources"));

		List<String> manifests = DeployFiles.yamlFiles()
			.stream()
			.filter((file) -> file.getParent().equals(DeployFiles.KUBERNETES))
			.map((file) -> file.getFileName().toString())
			.filter((name) -> !name.equals("kustomization.yaml") && !name.equals("secret.template.yaml"))
			.toList();

		assertThat(resources).containsExactlyInAnyOrderElementsOf(manifests);
	}

	@Test
	void kustomizationTagsTheImagesWithTheProjectVersion() {
		List<Map<String, Object>> images = maps(DeployFiles.document(Manifests.KUSTOMIZATION).get("images"));

		assertThat(images).extracting((image) -> image.get("name"))
			.containsExactlyInAnyOrder(Stream.of(Application.values()).map(Application::imageName).toArray());
		assertThat(images).allSatisfy((image) -> assertThat(image.get("newTag")).isEqualTo(Application.version()));
	}

	/**
	 * The container's variables: a ConfigMap's value, or {@code secret:name/key} for one
	 * that a Secret gives.
	 */
	private static Map<String, String> environment(Application application) {
		Map<String, String> environment = new HashMap<>();
		Map<String, Object> container = Manifests.containerOf(application);
		for (Map<String, Object> source : maps(container.get("envFrom"))) {
			assertThat(source).as("whole Secrets are not read in; each key is named").doesNotContainKey("secretRef");
			String name = text(source, "configMapRef.name");
			map(Manifests.named("ConfigMap", name).get("data"))
				.forEach((key, value) -> environment.put(key, String.valueOf(value)));
		}
		for (Map<String, Object> variable : variables(application)) {
			Map<String, Object> secret = map(at(variable, "valueFrom.secretKeyRef"));
			String value = secret.isEmpty() ? text(variable, "value")
					: "secret:" + secret.get("name") + "/" + secret.get("key");
			environment.put(String.valueOf(variable.get("name")), value);
		}
		return environment;
	}

	private static List<Map<String, Object>> variables(Application application) {
		return maps(Manifests.containerOf(application).get("env"));
	}

	private static List<String> templateKeys(String secretName) {
		return Manifests.secretTemplates()
			.stream()
			.filter((secret) -> secretName.equals(text(secret, "metadata.name")))
			.flatMap((secret) -> map(secret.get("stringData")).keySet().stream())
			.toList();
	}

}
