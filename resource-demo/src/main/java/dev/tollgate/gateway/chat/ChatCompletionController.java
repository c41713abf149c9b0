package dev.tollgate.gateway.chat;

import java.io.IOException;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.tollgate.gateway.error.GatewayException;
import dev.tollgate.gateway.model.ModelCatalog;
import dev.tollgate.gateway.model.ModelCatalog.Model;
import dev.tollgate.gateway.quota.Caller;
import dev.tollgate.gateway.quota.QuotaMetrics;
import dev.tollgate.gateway.quota.QuotaService;
import dev.tollgate.gateway.quota.QuotaSnapshot;
import dev.tollgate.gateway.quota.RateLimitHeaders;
import dev.tollgate.gateway.quota.Reservation;
import dev.tollgate.gateway.usage.UsageService;

/**
 * {@code POST /v1/chat/completions}, as in OpenAI's API, under the caller's quota: check
 * the request against the policy, reserve prompt + completion allowance, answer, give
 * back what the answer did not use, and record what it did.
 */
@RestController
class ChatCompletionController {

	private static final Logger logger = LoggerFactory.getLogger(ChatCompletionController.class);

	private final ChatRequestReader reader;

	private final ModelCatalog catalog;

	private final QuotaService quota;

	private final ChatBackend backend;

	private final UsageService usage;

	private final QuotaMetrics quotaMetrics;

	ChatCompletionController(ChatRequestReader reader, ModelCatalog catalog, QuotaService quota, ChatBackend backend,
			UsageService usage, QuotaMetrics quotaMetrics) {
		this.reader = reader;
		this.catalog = catalog;
		this.quota = quota;
		this.backend = backend;
		this.usage = usage;
		this.quotaMetrics = quotaMetrics;
	}

	@PostMapping("/v1/chat/completions")
	ResponseEntity<Object> create(@AuthenticationPrincipal Jwt jwt, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		Caller caller = Caller.of(jwt);
		CompletionPlan plan = plan(caller, this.reader.read(request));
		Reservation reservation = reserve(plan);

		if (plan.request().stream()) {
			EventStream events = new EventStream(response, RateLimitHeaders.of(reservation.snapshot()));
			ChatBackend.Streamed streamed = call(() -> this.backend.stream(plan, events), reservation);
			if (streamed.refusal() != null) {
				return answer(plan, reservation, streamed.refusal());
			}
			settle(plan, reservation, streamed.usage());
			// The stream is written; nothing is left for Spring MVC to render.
			return null;
		}
		return answer(plan, reservation, call(() -> this.backend.complete(plan), reservation));
	}

	private CompletionPlan plan(Caller caller, ChatRequest request) {
		Model model = this.catalog.resolve(request.model(), caller.policy());
		Long cap = caller.policy().maxTokensPerRequest();
		if (request.maxTokens() != null && cap != null && request.maxTokens() > cap) {
			throw GatewayException.badRequest("max_tokens_above_limit",
					"'" + request.maxTokensParameter() + "' is " + request.maxTokens() + ", above the"
							+ " max_tokens_per_request of " + cap + " in the quota policy of this client.");
		}
		long allowance = (request.maxTokens() != null) ? request.maxTokens()
				: (cap != null) ? cap : model.maxOutputTokens();
		return new CompletionPlan(caller, request, model, TokenCounter.prompt(model, request.messages()), allowance);
	}

	private Reservation reserve(CompletionPlan plan) {
		try {
			Reservation reservation = this.quota.reserve(plan.caller(), plan.reservedTokens());
			this.quotaMetrics.admitted(plan.caller(), plan.model().id());
			return reservation;
		}
		catch (GatewayException ex) {
			this.quotaMetrics.rejected(plan.caller(), plan.model().id(), ex);
			throw ex;
		}
	}

	/** Runs the backend; if it fails, the whole reservation goes back first. */
	private <T> T call(Supplier<T> backendCall, Reservation reservation) {
		try {
			return backendCall.get();
		}
		catch (GatewayException ex) {
			QuotaSnapshot snapshot = this.quota.settle(reservation, 0);
			throw ex.withHeaders(RateLimitHeaders.of(snapshot));
		}
		catch (RuntimeException ex) {
			this.quota.settle(reservation, 0);
			throw ex;
		}
	}

	private ResponseEntity<Object> answer(CompletionPlan plan, Reservation reservation, Answer answer) {
		QuotaSnapshot snapshot = settle(plan, reservation, answer.usage());
		return ResponseEntity.status(answer.status())
			.headers(RateLimitHeaders.of(snapshot))
			.contentType(MediaType.APPLICATION_JSON)
			.body(answer.body());
	}

	private QuotaSnapshot settle(CompletionPlan plan, Reservation reservation, Usage used) {
		QuotaSnapshot snapshot = this.quota.settle(reservation, used.totalTokens());
		if (used.totalTokens() > 0) {
			this.usage.record(plan.caller(), plan.model().id(), used.promptTokens(), used.completionTokens());
		}
		logger.debug("Client {} used {} + {} tokens of {} ({} reserved)", plan.caller().clientId(), used.promptTokens(),
				used.completionTokens(), plan.model().id(), reservation.tokens());
		return snapshot;
	}

}
