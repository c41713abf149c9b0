package dev.tollgate.auth.quota;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.tollgate.auth.database.ChangeNotifications;
import dev.tollgate.auth.database.ReadThroughCache;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads and changes the quota policies of registered clients (by their row id,
 * {@code RegisteredClient.getId()}). Every change takes a new version from one global
 * sequence, so versions only grow.
 * <p>
 * Every access token carries its client's policy, so {@link #find} is served from a
 * cache, a client without a policy included. A change here evicts it at once on this
 * instance and, by a notification in its transaction, on every other; the version of the
 * policy in a token tells enforcers which one it is. NOTE: should a notification be lost,
 * another instance may go on issuing tokens with the previous policy for up to
 * {@link #CACHE_TIME_TO_LIVE} (60 seconds).
 */
@Service
public class QuotaPolicyService {

	/** How long a cached policy may serve if no notification of its change arrives. */
	static final Duration CACHE_TIME_TO_LIVE = Duration.ofSeconds(60);

	private final QuotaPolicyRepository policies;

	private final ReadThroughCache<Optional<QuotaPolicy>> cache = new ReadThroughCache<>(CACHE_TIME_TO_LIVE, 10_000);

	QuotaPolicyService(QuotaPolicyRepository policies, ChangeNotifications notifications) {
		this.policies = policies;
		notifications.subscribe(QuotaPolicyRepository.CHANGES_CHANNEL, this.cache::evict, this.cache::clear);
	}

	public Optional<QuotaPolicy> find(String registeredClientId) {
		return this.cache.get(registeredClientId,
				() -> this.policies.findById(registeredClientId).map(QuotaPolicyService::toPolicy));
	}

	/**
	 * Creates or replaces the client's policy; the {@code version} of {@code policy} is
	 * ignored and a new one assigned.
	 * @return the policy as stored, with its new version
	 */
	@Transactional
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
		QuotaPolicy stored = toPolicy(this.policies.save(entity));
		changed(registeredClientId);
		return stored;
	}

	/**
	 * @return whether there was a policy to delete
	 */
	@Transactional
	public boolean delete(String registeredClientId) {
		if (!this.policies.existsById(registeredClientId)) {
			return false;
		}
		this.policies.deleteById(registeredClientId);
		changed(registeredClientId);
		return true;
	}

	/** Other instances evict on the notification, sent when the transaction commits. */
	private void changed(String registeredClientId) {
		this.policies.notifyChanged(registeredClientId);
		ChangeNotifications.evictNowAndAfterTransaction(() -> this.cache.evict(registeredClientId));
	}

	private static QuotaPolicy toPolicy(QuotaPolicyEntity entity) {
		List<String> models = List.of(entity.models.trim().split(" +"));
		return new QuotaPolicy(entity.policy, entity.version, entity.tokensPerMinute, entity.requestsPerMinute,
				entity.tokensPerDay, entity.maxTokensPerRequest, models);
	}

}
