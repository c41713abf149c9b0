package dev.tollgate.gateway.quota;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

import dev.tollgate.gateway.error.GatewayException;

/**
 * Counts the quota's decisions on {@code /actuator/prometheus}:
 * {@code tollgate_gateway_quota_admitted_total{client_id,model}} and
 * {@code tollgate_gateway_quota_rejected_total{client_id,model,reason}}, where
 * {@code reason} is the spent window ({@code requests_per_minute},
 * {@code tokens_per_minute}, {@code tokens_per_day}), {@code request_too_large} or
 * {@code quota_store_unavailable}. Only models the gateway serves are counted, so the
 * tags stay as few as clients times models. In memory only; Prometheus sums the replicas.
 */
@Component
public class QuotaMetrics {

	private final MeterRegistry meters;

	/**
	 * The counters by tags, kept: building a meter's id and looking it up in the registry
	 * on every call was a measurable part of a completion's CPU.
	 */
	private final Map<Tags, Counter> counters = new ConcurrentHashMap<>();

	QuotaMetrics(MeterRegistry meters) {
		this.meters = meters;
	}

	public void admitted(Caller caller, String model) {
		this.counters.computeIfAbsent(new Tags(caller.clientId(), model, null), this::register).increment();
	}

	public void rejected(Caller caller, String model, GatewayException refusal) {
		this.counters.computeIfAbsent(new Tags(caller.clientId(), model, refusal.reason()), this::register).increment();
	}

	private Counter register(Tags tags) {
		if (tags.reason() == null) {
			return Counter.builder("tollgate.gateway.quota.admitted")
				.description("Calls the quota admitted")
				.tag("client_id", tags.clientId())
				.tag("model", tags.model())
				.register(this.meters);
		}
		return Counter.builder("tollgate.gateway.quota.rejected")
			.description("Calls the quota refused, by reason")
			.tag("client_id", tags.clientId())
			.tag("model", tags.model())
			.tag("reason", tags.reason())
			.register(this.meters);
	}

	/** A counter's tags; {@code reason} is {@code null} for admitted calls. */
	private record Tags(String clientId, String model, String reason) {

	}

}
