package dev.tollgate.gateway.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code llm} claim of DESIGN.md as test data: a basic policy that a test changes one
 * field of. {@code null} leaves a field out (no limit on that dimension).
 */
public final class Policy {

	private final Map<String, Object> fields = new LinkedHashMap<>();

	private Policy() {
		this.fields.put("policy", "team-basic");
		this.fields.put("version", 1L);
		this.fields.put("tokens_per_minute", 60000L);
		this.fields.put("requests_per_minute", 120L);
		this.fields.put("tokens_per_day", 2000000L);
		this.fields.put("max_tokens_per_request", 4096L);
		this.fields.put("models", List.of("echo-small", "echo-large"));
	}

	public static Policy basic() {
		return new Policy();
	}

	public Policy version(long version) {
		return set("version", version);
	}

	public Policy tokensPerMinute(Long limit) {
		return set("tokens_per_minute", limit);
	}

	public Policy requestsPerMinute(Long limit) {
		return set("requests_per_minute", limit);
	}

	public Policy tokensPerDay(Long limit) {
		return set("tokens_per_day", limit);
	}

	public Policy maxTokensPerRequest(Long limit) {
		return set("max_tokens_per_request", limit);
	}

	public Policy models(String... models) {
		return set("models", List.of(models));
	}

	public Policy set(String field, Object value) {
		if (value == null) {
			this.fields.remove(field);
		}
		else {
			this.fields.put(field, value);
		}
		return this;
	}

	Map<String, Object> toClaim() {
		return new LinkedHashMap<>(this.fields);
	}

}
