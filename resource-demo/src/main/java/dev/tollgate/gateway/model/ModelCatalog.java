package dev.tollgate.gateway.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;

import org.springframework.stereotype.Component;

import dev.tollgate.gateway.GatewayProperties;
import dev.tollgate.gateway.error.GatewayException;
import dev.tollgate.gateway.quota.LlmPolicy;

/**
 * The models this gateway serves ({@code tollgate.gateway.models}): without an upstream,
 * the built-in deterministic {@code echo-small} and {@code echo-large}; with
 * {@code tollgate.gateway.upstream-url}, whatever names the upstream knows. Each model
 * counts tokens with the encoding jtokkit knows for its name, {@code cl100k_base} when it
 * knows none. NOTE: the upstream's own model list is not read; its models are the ones
 * configured.
 */
@Component
public class ModelCatalog {

	/** When the gateway went live; OpenAI's model objects carry a creation time. */
	private static final long CREATED = 1767225600L;

	private static final Map<String, Integer> BUILT_IN = Map.of("echo-small", 32, "echo-large", 4096);

	private final Map<String, Model> models = new LinkedHashMap<>();

	ModelCatalog(GatewayProperties properties) {
		EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
		Encoding fallback = registry.getEncoding(EncodingType.CL100K_BASE);
		boolean upstream = properties.upstreamUrl() != null;
		for (String id : properties.models()) {
			if (!upstream && !BUILT_IN.containsKey(id)) {
				throw new IllegalStateException("tollgate.gateway.models names '" + id + "', which is not a"
						+ " built-in model (" + BUILT_IN.keySet() + "): set tollgate.gateway.upstream-url to serve it");
			}
			Encoding encoding = registry.getEncodingForModel(id).orElse(fallback);
			int maxOutputTokens = upstream ? properties.defaultMaxTokens() : BUILT_IN.get(id);
			this.models.put(id, new Model(id, !upstream, maxOutputTokens, encoding));
		}
	}

	/**
	 * The model a caller asked for.
	 * @throws GatewayException 404 for a model this gateway does not serve, 403 for one
	 * the caller's policy does not allow
	 */
	public Model resolve(String id, LlmPolicy policy) {
		Model model = Optional.ofNullable(this.models.get(id))
			.orElseThrow(() -> GatewayException.notFound("model_not_found", "The model '" + id + "' does not exist."));
		if (!policy.allows(id)) {
			throw GatewayException.forbidden("model_not_allowed", "The model '" + id + "' is not allowed by the"
					+ " quota policy of this client; allowed: " + policy.models() + ".");
		}
		return model;
	}

	/** The models the policy allows, in configuration order. */
	List<Model> allowed(LlmPolicy policy) {
		return this.models.values().stream().filter((model) -> policy.allows(model.id())).toList();
	}

	static long created() {
		return CREATED;
	}

	/**
	 * A served model.
	 *
	 * @param id its name in requests
	 * @param builtIn whether the gateway answers it itself (echo) or forwards it
	 * @param maxOutputTokens the most completion tokens it writes: its own limit when
	 * built-in, {@code tollgate.gateway.default-max-tokens} when forwarded
	 * @param encoding how its tokens are counted
	 */
	public record Model(String id, boolean builtIn, int maxOutputTokens, Encoding encoding) {

	}

}
