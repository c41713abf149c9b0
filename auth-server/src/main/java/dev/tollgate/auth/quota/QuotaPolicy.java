package dev.tollgate.auth.quota;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A client's LLM quota policy, the {@code llm} claim of DESIGN.md. A {@code null} limit
 * means no limit on that dimension; {@code models} {@code ["*"]} allows every model.
 *
 * @param policy the policy's name, for example {@code team-basic}
 * @param version grows on every change, so an enforcer tells a changed policy from a
 * repeated one
 */
public record QuotaPolicy(String policy, long version, Long tokensPerMinute, Long requestsPerMinute, Long tokensPerDay,
		Long maxTokensPerRequest, List<String> models) {

	/** The policy as the {@code llm} claim, with the JSON names of DESIGN.md. */
	public Map<String, Object> toClaim() {
		// Mutable JDK types: claims are stored as JSON with type ids, and Spring
		// Security's
		// Jackson allow-list refuses the immutable collection classes.
		Map<String, Object> claim = new LinkedHashMap<>();
		claim.put("policy", this.policy);
		claim.put("version", this.version);
		putIfLimited(claim, "tokens_per_minute", this.tokensPerMinute);
		putIfLimited(claim, "requests_per_minute", this.requestsPerMinute);
		putIfLimited(claim, "tokens_per_day", this.tokensPerDay);
		putIfLimited(claim, "max_tokens_per_request", this.maxTokensPerRequest);
		claim.put("models", new ArrayList<>(this.models));
		return claim;
	}

	private static void putIfLimited(Map<String, Object> claim, String name, Long limit) {
		if (limit != null) {
			claim.put(name, limit);
		}
	}

}
