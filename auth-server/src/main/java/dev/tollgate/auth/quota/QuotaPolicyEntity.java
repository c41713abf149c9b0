package dev.tollgate.auth.quota;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A row of {@code quota_policy}: the LLM quota of one registered client.
 */
@Entity
@Table(name = "quota_policy")
class QuotaPolicyEntity {

	@Id
	String registeredClientId;

	String policy;

	long version;

	Long tokensPerMinute;

	Long requestsPerMinute;

	Long tokensPerDay;

	Long maxTokensPerRequest;

	String models;

	Instant updatedAt;

}
