package dev.tollgate.gateway.usage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.tollgate.gateway.quota.Caller;
import dev.tollgate.gateway.quota.QuotaService;
import dev.tollgate.gateway.quota.QuotaSnapshot;
import dev.tollgate.gateway.quota.RateLimitHeaders;
import dev.tollgate.gateway.quota.Window;

/**
 * {@code GET /v1/usage}: the caller's current windows (limit, used, remaining, reset) and
 * what the usage ledger holds for it since 00:00 UTC today, per model.
 */
@RestController
class UsageController {

	private final QuotaService quota;

	private final UsageLedger ledger;

	UsageController(QuotaService quota, UsageLedger ledger) {
		this.quota = quota;
		this.ledger = ledger;
	}

	@GetMapping("/v1/usage")
	ResponseEntity<UsageReport> usage(@AuthenticationPrincipal Jwt jwt) {
		Caller caller = Caller.of(jwt);
		QuotaSnapshot snapshot = this.quota.peek(caller);
		Instant today = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
		List<UsageLedger.ModelTotal> totals = this.ledger.totalsSince(caller.clientId(), today);

		UsageReport report = new UsageReport("usage", caller.clientId(),
				new PolicyReport(caller.policy().name(), caller.policy().version()),
				snapshot.windows().stream().map(WindowReport::of).toList(), DayReport.of(today, totals));
		return ResponseEntity.ok().headers(RateLimitHeaders.of(snapshot)).body(report);
	}

	record UsageReport(String object, @JsonProperty("client_id") String clientId, PolicyReport policy,
			List<WindowReport> windows, DayReport today) {

	}

	record PolicyReport(String name, long version) {

	}

	record WindowReport(String window, long limit, long used, long remaining,
			@JsonProperty("resets_at") long resetsAt) {

		static WindowReport of(Window window) {
			return new WindowReport(window.dimension().claimName(), window.limit(), window.used(), window.remaining(),
					window.resetsAt().getEpochSecond());
		}

	}

	record DayReport(long since, long requests, @JsonProperty("prompt_tokens") long promptTokens,
			@JsonProperty("completion_tokens") long completionTokens, @JsonProperty("total_tokens") long totalTokens,
			List<ModelReport> models) {

		static DayReport of(Instant since, List<UsageLedger.ModelTotal> totals) {
			List<ModelReport> models = totals.stream().map(ModelReport::of).toList();
			long prompt = models.stream().mapToLong(ModelReport::promptTokens).sum();
			long completion = models.stream().mapToLong(ModelReport::completionTokens).sum();
			return new DayReport(since.getEpochSecond(), models.stream().mapToLong(ModelReport::requests).sum(), prompt,
					completion, prompt + completion, models);
		}

	}

	record ModelReport(String model, long requests, @JsonProperty("prompt_tokens") long promptTokens,
			@JsonProperty("completion_tokens") long completionTokens, @JsonProperty("total_tokens") long totalTokens) {

		static ModelReport of(UsageLedger.ModelTotal total) {
			return new ModelReport(total.model(), total.requests(), total.promptTokens(), total.completionTokens(),
					total.promptTokens() + total.completionTokens());
		}

	}

}
