package dev.tollgate.gateway.quota;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tollgate.gateway.support.Chat;
import dev.tollgate.gateway.support.Http;
import dev.tollgate.gateway.support.Policy;
import dev.tollgate.gateway.support.StubIssuer;
import dev.tollgate.gateway.support.TestGateway;
import dev.tollgate.gateway.support.Windows;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quota's decisions on {@code /actuator/prometheus}, scraped over HTTP: calls
 * admitted by client and model, and calls refused by client, model and the reason (the
 * spent window, a request larger than a window).
 */
class QuotaMetricsTests {

	private final TestGateway gateway = TestGateway.shared();

	private final StubIssuer issuer = StubIssuer.shared();

	private final Http http = this.gateway.http();

	@BeforeEach
	void startWithRoomInThisMinute() {
		Windows.awaitSecondsLeftInMinute(5);
	}

	@Test
	void chatCompletionWhenAdmittedThenCountedByClientAndModel() {
		String clientId = newClientId();
		String token = this.issuer.token(clientId).sign();

		assertThat(this.http.post("/v1/chat/completions", token, Chat.request("echo-small", "Hi", 4L)).status())
			.isEqualTo(200);
		assertThat(this.http.post("/v1/chat/completions", token, Chat.request("echo-large", "Hi", 4L)).status())
			.isEqualTo(200);
		assertThat(this.http.post("/v1/chat/completions", token, Chat.request("echo-large", "Hi", 4L)).status())
			.isEqualTo(200);

		assertThat(admitted(clientId, "echo-small")).isEqualTo(1.0);
		assertThat(admitted(clientId, "echo-large")).isEqualTo(2.0);
	}

	@Test
	void chatCompletionWhenRequestsPerMinuteSpentThenRejectionCountedWithThatReason() {
		String clientId = newClientId();
		String token = this.issuer.token(clientId).policy(Policy.basic().requestsPerMinute(1L)).sign();

		assertThat(this.http.post("/v1/chat/completions", token, Chat.request("echo-small", "Hi", 4L)).status())
			.isEqualTo(200);
		assertThat(this.http.post("/v1/chat/completions", token, Chat.request("echo-small", "Hi", 4L)).status())
			.isEqualTo(429);

		assertThat(admitted(clientId, "echo-small")).isEqualTo(1.0);
		assertThat(rejected(clientId, "echo-small", "requests_per_minute")).isEqualTo(1.0);
	}

	@Test
	void chatCompletionWhenTokensPerMinuteSpentOrRequestTooLargeThenEachCountedWithItsReason() {
		String clientId = newClientId();
		String token = this.issuer.token(clientId).policy(Policy.basic().tokensPerMinute(100L)).sign();

		assertThat(this.http.post("/v1/chat/completions", token, Chat.request("echo-small", "Hi", 90L)).status())
			.isEqualTo(200);
		assertThat(this.http.post("/v1/chat/completions", token, Chat.request("echo-small", "Hi", 90L)).status())
			.isEqualTo(429);
		assertThat(this.http.post("/v1/chat/completions", token, Chat.request("echo-small", "Hi", 200L)).status())
			.isEqualTo(400);

		assertThat(rejected(clientId, "echo-small", "tokens_per_minute")).isEqualTo(1.0);
		assertThat(rejected(clientId, "echo-small", "request_too_large")).isEqualTo(1.0);
	}

	private double admitted(String clientId, String model) {
		return this.gateway
			.metric("tollgate_gateway_quota_admitted_total{client_id=\"" + clientId + "\",model=\"" + model + "\"}");
	}

	private double rejected(String clientId, String model, String reason) {
		return this.gateway.metric("tollgate_gateway_quota_rejected_total{client_id=\"" + clientId + "\",model=\""
				+ model + "\",reason=\"" + reason + "\"}");
	}

	private static String newClientId() {
		return "client-" + UUID.randomUUID();
	}

}
