package dev.tollgate.gateway.quota;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The {@code llm} claim of a Tollgate access token: the client's quota policy. A limit
 * left out means no limit on that dimension; {@code models} of {@code ["*"]} or left out
 * allows every model. {@code version} grows whenever an admin changes the policy.
 *
 * @param name the policy's name ({@code policy})
 * @param version the policy's version, 0 when the claim has none
 * @param limits the limits the policy sets, by dimension
 * @param maxTokensPerRequest the largest {@code max_tokens} a request may ask, or
 * {@code null}
 * @param models the models allowed, or {@code null} for all
 */
public record LlmPolicy(String name, long version, Map<Dimension, Long> limits, Long maxTokensPerRequest,
		List<String> models) {

	static final String CLAIM = "llm";

	public LlmPolicy {
		limits = Map.copyOf(limits);
		models = (models != null) ? List.copyOf(models) : null;
	}

	/**
	 * The policy in the token, empty when the token has no {@code llm} claim.
	 * @throws IllegalArgumentException when the claim is there but malformed
	 */
	public static Optional<LlmPolicy> from(Jwt jwt) {
		Object claim = jwt.getClaims().get(CLAIM);
		if (claim == null) {
			return Optional.empty();
		}
		if (!(claim instanceof Map<?, ?> fields)) {
			throw new IllegalArgumentException("the llm claim is not a JSON object");
		}
		Map<Dimension, Long> limits = new EnumMap<>(Dimension.class);
		for (Dimension dimension : Dimension.values()) {
			Long limit = count(fields, dimension.claimName());
			if (limit != null) {
				limits.put(dimension, limit);
			}
		}
		Long version = count(fields, "version");
		return Optional.of(new LlmPolicy(text(fields, "policy"), (version != null) ? version : 0, limits,
				count(fields, "max_tokens_per_request"), models(fields)));
	}

	public Optional<Long> limit(Dimension dimension) {
		return Optional.ofNullable(this.limits.get(dimension));
	}

	public boolean allows(String model) {
		return this.models == null || this.models.contains("*") || this.models.contains(model);
	}

	private static Long count(Map<?, ?> fields, String name) {
		Object value = fields.get(name);
		if (value == null) {
			return null;
		}
		if (!(value instanceof Long || value instanceof Integer) || ((Number) value).longValue() < 0) {
			throw new IllegalArgumentException("llm." + name + " is not a non-negative integer");
		}
		return ((Number) value).longValue();
	}

	private static String text(Map<?, ?> fields, String name) {
		Object value = fields.get(name);
		if (value != null && !(value instanceof String)) {
			throw new IllegalArgumentException("llm." + name + " is not a string");
		}
		return (String) value;
	}

	private static List<String> models(Map<?, ?> fields) {
		Object value = fields.get("models");
		if (value == null) {
			return null;
		}
		if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
			throw new IllegalArgumentException("llm.models is not an array of strings");
		}
		return list.stream().map(String.class::cast).toList();
	}

}
