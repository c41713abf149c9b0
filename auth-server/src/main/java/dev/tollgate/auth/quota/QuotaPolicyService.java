package dev.tollgate.auth.quota;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads and changes the quota policies of registered clients (by their row id,
 * {@code RegisteredClient.getId()}). Every change takes a new version from one global
 * sequence, so versions only grow.
 */
@Service
@Transactional
public class QuotaPolicyService {

	private final QuotaPolicyRepository policies;

	QuotaPolicyService(QuotaPolicyRepository policies) {
		this.policies = policies;
	}

	@Transactional(readOnly = true)
	public Optional<QuotaPolicy> find(String registeredClientId) {
		return this.policies.findById(registeredClientId).map(QuotaPolicyService::toPolicy);
	}

	/**
	 * Creates or replaces the client's policy; the {@code version} of {@code policy} is
	 * ignored and a new one assigned.
	 * @return the policy as stored, with its new version
	 */
	public QuotaPolicy put(String registeredClientId, QuotaPolicy policy) {
		QuotaPolicyEntity entity = this.policies.findById(registeredClientId).orElseGet(QuotaPolicyEntity::new);
		entity.registeredClientId = registeredClientId;
		entity.policy = policy.policy();
		entity.version = this.policies.nextVersion();
		entity.tokensPerMinute = policy.tokensPerMinute();
		entity.requestsPerMinute = policy.requestsPerMinute();
		entity.tokensPerDay = policy.tokensPerDay();
		entity.maxTokensPerRequest = policy.maxTokensPerRequest();
		entity.models = String.join(" ", policy.models());
		entity.updatedAt = Instant.now();
		return toPolicy(this.policies.save(entity));
	}

	/**
	 * @return whether there was a policy to delete
	 */
	public boolean delete(String registeredClientId) {
		if (!this.policies.existsById(registeredClientId)) {
			return false;
		}
		this.policies.deleteById(registeredClientId);
		return true;
	}

	private static QuotaPolicy toPolicy(QuotaPolicyEntity entity) {
		List<String> models = Arrays.asList(entity.models.trim().split(" +"));
		return new QuotaPolicy(entity.policy, entity.version, entity.tokensPerMinute, entity.requestsPerMinute,
				entity.tokensPerDay, entity.maxTokensPerRequest, models);
	}

}
