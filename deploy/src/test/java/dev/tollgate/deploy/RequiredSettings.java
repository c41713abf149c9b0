package dev.tollgate.deploy;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment variables each application needs under the {@code prod} profile. For
 * auth-server they are read from {@code ProdSettingsCheck}, the code that refuses to
 * start without them, so that a setting added there fails these tests until the
 * deployment files give it too.
 */
final class RequiredSettings {

	static final Path PROD_SETTINGS_CHECK = DeployFiles.ROOT
		.resolve("auth-server/src/main/java/dev/tollgate/auth/config/ProdSettingsCheck.java");

	/** {@code "tollgate.issuer", "TOLLGATE_ISSUER"}: a property and its variable. */
	private static final Pattern PAIR = Pattern.compile("\"([a-z][a-z0-9.-]*)\",\\s*\"([A-Z][A-Z0-9_]*)\"");

	private RequiredSettings() {
	}

	static Set<String> of(Application application) {
		Set<String> required = new LinkedHashSet<>();
		required.add("SPRING_PROFILES_ACTIVE");
		if (application == Application.AUTH_SERVER) {
			required.addAll(checkedByAuthServer());
			required.add("SPRING_DATASOURCE_USERNAME");
			required.add("SPRING_DATASOURCE_PASSWORD");
		}
		else {
			// DESIGN.md: the gateway finds the issuer here and its own PostgreSQL through
			// SPRING_DATASOURCE_*.
			required.add("TOLLGATE_GATEWAY_ISSUER");
			// Under prod the gateway reads the revocation feed with a client of its own.
			required.add("TOLLGATE_GATEWAY_CLIENT_SECRET");
			required.add("SPRING_DATASOURCE_URL");
			required.add("SPRING_DATASOURCE_USERNAME");
			required.add("SPRING_DATASOURCE_PASSWORD");
		}
		return required;
	}

	static Set<String> checkedByAuthServer() {
		Set<String> variables = new LinkedHashSet<>();
		Matcher matcher = PAIR.matcher(DeployFiles.read(PROD_SETTINGS_CHECK));
		while (matcher.find()) {
			variables.add(matcher.group(2));
		}
		if (!variables.contains("TOLLGATE_ISSUER")) {
			throw new IllegalStateException(
					"No required settings found in " + PROD_SETTINGS_CHECK + "; has its REQUIRED map changed shape?");
		}
		return variables;
	}

	/**
	 * The variable auth-server reads the issuer from, and the one the gateway reads it
	 * from.
	 */
	static String issuerVariable(Application application) {
		return (application == Application.AUTH_SERVER) ? "TOLLGATE_ISSUER" : "TOLLGATE_GATEWAY_ISSUER";
	}

	/** Whether a variable holds a secret, which only a Secret or deploy/.env may give. */
	static boolean isSecret(String variable) {
		return variable.endsWith("PASSWORD") || variable.endsWith("SECRET") || variable.endsWith("_KEY");
	}

}
