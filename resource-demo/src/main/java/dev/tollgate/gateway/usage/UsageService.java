package dev.tollgate.gateway.usage;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

import dev.tollgate.gateway.quota.Caller;

/**
 * Records what each answered completion used: a row of the usage ledger, and the counters
 * {@code tollgate_gateway_completions_total} and {@code tollgate_gateway_tokens_total}
 * (tagged by {@code client_id}, {@code model} and, for tokens, {@code type} prompt or
 * completion) on {@code /actuator/prometheus}. The counters are this replica's;
 * Prometheus sums the replicas. NOTE: a tag per client_id suits hundreds of clients, not
 * millions.
 */
@Service
public class UsageService {

	private static final Logger logger = LoggerFactory.getLogger(UsageService.class);

	private final UsageLedger ledger;

	private final MeterRegistry meters;

	/**
	 * The counters of each client and model, kept: building their ids and looking them up
	 * in the registry on every completion was a measurable part of its CPU.
	 */
	private final Map<CounterKey, Counters> counters = new ConcurrentHashMap<>();

	UsageService(UsageLedger ledger, MeterRegistry meters) {
		this.ledger = ledger;
		this.meters = meters;
	}

	/** Never fails the call, which has been answered already; a lost row is logged. */
	public void record(Caller caller, String model, long promptTokens, long completionTokens) {
		try {
			this.ledger.record(new UsageLedger.Entry(caller.clientId(), model, promptTokens, completionTokens,
					caller.policy().name(), caller.policy().version(), Instant.now()));
		}
		catch (RuntimeException ex) {
			logger.warn("Could not record the usage of client {} ({} prompt + {} completion tokens of {}): {}",
					caller.clientId(), promptTokens, completionTokens, model, ex.getMessage());
		}
		Counters counters = this.counters.computeIfAbsent(new CounterKey(caller.clientId(), model), this::register);
		counters.completions().increment();
		counters.promptTokens().increment(promptTokens);
		counters.completionTokens().increment(completionTokens);
	}

	private Counters register(CounterKey key) {
		Counter completions = Counter.builder("tollgate.gateway.completions")
			.description("Chat completions answered")
			.tag("client_id", key.clientId())
			.tag("model", key.model())
			.register(this.meters);
		return new Counters(completions, tokens(key, "prompt"), tokens(key, "completion"));
	}

	private Counter tokens(CounterKey key, String type) {
		return Counter.builder("tollgate.gateway.tokens")
			.description("LLM tokens used by answered chat completions")
			.tag("client_id", key.clientId())
			.tag("model", key.model())
			.tag("type", type)
			.register(this.meters);
	}

	private record CounterKey(String clientId, String model) {

	}

	private record Counters(Counter completions, Counter promptTokens, Counter completionTokens) {

	}

}
