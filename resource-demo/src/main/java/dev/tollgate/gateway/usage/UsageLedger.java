package dev.tollgate.gateway.usage;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The usage ledger ({@code usage_ledger}): one row per answered completion with what it
 * really used, for {@code /v1/usage} and for audits.
 */
@Repository
class UsageLedger {

	private final JdbcTemplate jdbc;

	UsageLedger(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	void record(Entry entry) {
		this.jdbc.update(
				"insert into usage_ledger (client_id, model, prompt_tokens, completion_tokens, policy,"
						+ " policy_version, created_at) values (?, ?, ?, ?, ?, ?, ?)",
				entry.clientId(), entry.model(), entry.promptTokens(), entry.completionTokens(), entry.policy(),
				entry.policyVersion(), Timestamp.from(entry.at()));
	}

	/** What the client used since {@code since}, per model. */
	List<ModelTotal> totalsSince(String clientId, Instant since) {
		return this.jdbc.query(
				"select model, count(*) as requests, sum(prompt_tokens) as prompt_tokens,"
						+ " sum(completion_tokens) as completion_tokens from usage_ledger"
						+ " where client_id = ? and created_at >= ? group by model order by model",
				(row, index) -> new ModelTotal(row.getString("model"), row.getLong("requests"),
						row.getLong("prompt_tokens"), row.getLong("completion_tokens")),
				clientId, Timestamp.from(since));
	}

	/**
	 * One answered completion.
	 *
	 * @param clientId whose quota it used
	 * @param model the model that answered
	 * @param promptTokens tokens of the prompt
	 * @param completionTokens tokens of the answer
	 * @param policy the name of the client's policy then, or {@code null}
	 * @param policyVersion its version
	 * @param at when it was answered
	 */
	record Entry(String clientId, String model, long promptTokens, long completionTokens, String policy,
			long policyVersion, Instant at) {

	}

	/** What one model answered a client in a period. */
	record ModelTotal(String model, long requests, long promptTokens, long completionTokens) {

	}

}
