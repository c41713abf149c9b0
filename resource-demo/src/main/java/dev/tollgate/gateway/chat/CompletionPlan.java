package dev.tollgate.gateway.chat;

import dev.tollgate.gateway.model.ModelCatalog.Model;
import dev.tollgate.gateway.quota.Caller;

/**
 * A request ready to be reserved and answered.
 *
 * @param caller who asks
 * @param request what is asked
 * @param model the model that answers
 * @param promptTokens the prompt's tokens, counted with the model's encoding
 * @param completionAllowance the most completion tokens the answer may have: the
 * request's {@code max_tokens}, else the policy's {@code max_tokens_per_request}, else
 * the model's own limit
 */
record CompletionPlan(Caller caller, ChatRequest request, Model model, long promptTokens, long completionAllowance) {

	/** What the quota reserves: prompt + completion allowance, saturating. */
	long reservedTokens() {
		long sum = this.promptTokens + this.completionAllowance;
		return (sum < 0) ? Long.MAX_VALUE : sum;
	}

}
