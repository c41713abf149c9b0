package dev.tollgate.auth.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.tollgate.auth.quota.QuotaPolicy;
import tools.jackson.databind.JsonNode;

/**
 * Reads a quota policy from an admin request body: the {@code llm} object of DESIGN.md
 * without {@code version}, which the server assigns. Every field is checked, and the
 * first one that is wrong is named: unknown fields, a missing or malformed
 * {@code policy}, limits that are not whole numbers of zero or more, model names that are
 * not plain names.
 */
final class QuotaPolicyReader {

	private static final Set<String> LIMITS = Set.of("tokens_per_minute", "requests_per_minute", "tokens_per_day",
			"max_tokens_per_request");

	private static final Set<String> FIELDS = Set.of("policy", "tokens_per_minute", "requests_per_minute",
			"tokens_per_day", "max_tokens_per_request", "models");

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}");

	private QuotaPolicyReader() {
	}

	static QuotaPolicy read(JsonNode body) {
		if (body == null || !body.isObject()) {
			throw new InvalidFieldException("body", "must be a JSON object");
		}
		body.propertyNames().forEach(QuotaPolicyReader::requireKnown);
		return new QuotaPolicy(name(body.get("policy")), 0, limit(body, "tokens_per_minute"),
				limit(body, "requests_per_minute"), limit(body, "tokens_per_day"),
				limit(body, "max_tokens_per_request"), models(body.get("models")));
	}

	private static void requireKnown(String field) {
		if ("version".equals(field)) {
			throw new InvalidFieldException(field, "is assigned by the server and cannot be set");
		}
		if (!FIELDS.contains(field)) {
			throw new InvalidFieldException(field, "is not a field of a quota policy; known fields are "
					+ "policy, models, " + String.join(", ", LIMITS.stream().sorted().toList()));
		}
	}

	private static String name(JsonNode policy) {
		if (policy == null || !policy.isString() || !NAME.matcher(policy.asString()).matches()) {
			throw new InvalidFieldException("policy", "is required: a name of 1 to 100 letters, digits, '.', '_',"
					+ " ':', '/' or '-', starting with a letter or digit");
		}
		return policy.asString();
	}

	/** A limit left out or null means no limit on that dimension. */
	private static Long limit(JsonNode body, String field) {
		JsonNode value = body.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
			throw new InvalidFieldException(field, "must be a whole number of 0 or more, or null for no limit");
		}
		return value.asLong();
	}

	private static List<String> models(JsonNode models) {
		if (models == null || models.isNull()) {
			return List.of("*");
		}
		if (!models.isArray() || models.isEmpty()) {
			throw new InvalidFieldException("models", "must be a non-empty array of model names, or [\"*\"]");
		}
		List<String> names = new ArrayList<>();
		for (JsonNode model : models) {
			String name = model.isString() ? model.asString() : null;
			if (name == null || !("*".equals(name) || NAME.matcher(name).matches())) {
				throw new InvalidFieldException("models", "holds " + model + ", which is not a model name");
			}
			names.add(name);
		}
		if (names.contains("*") && names.size() > 1) {
			throw new InvalidFieldException("models", "\"*\" allows every model and stands alone");
		}
		return names;
	}

}
