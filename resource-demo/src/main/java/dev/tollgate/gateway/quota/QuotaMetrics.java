package dev.tollgate.gateway.quota;

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

	QuotaMetrics(MeterRegistry meters) {
		this.meters = meters;
	}

	public void admitted(Caller caller, String model) {
		Counter.builder("tollgate.gateway.quota.admitted")
			.description("Calls the quota admitted")
			.tag("client_id", caller.clientId())
			.tag("model", model)
			.register(this.meters)
			.increment();
	}

	public void rejected(Caller caller, String model, GatewayException refusal) {
		Counter.builder("tollgate.gateway.quota.rejected")
			.description("Calls the quota refused, by reason")
			.tag("client_id", caller.clientId())
			.tag("model", model)
			.tag("reason", refusal.reason())
			.register(this.meters)
			.increment();
	}

}
