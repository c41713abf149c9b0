package dev.tollgate.gateway.quota;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.tollgate.gateway.support.Chat;
import dev.tollgate.gateway.support.Http;
import dev.tollgate.gateway.support.Policy;
import dev.tollgate.gateway.support.StubIssuer;
import dev.tollgate.gateway.support.TestGateway;
import dev.tollgate.gateway.support.Windows;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A policy whose {@code version} grows reconfigures the client's buckets in place
 * (Bucket4j's ADDITIVE inheritance): what was spent in the window stays spent.
 */
class PolicyVersionTests {

	/** 11 prompt + 4 completion tokens. */
	private static final String CALL = Chat.request("echo-small", "Hello, world!", 4L);

	private final StubIssuer issuer = StubIssuer.shared();

	private final Http http = TestGateway.shared().http();

	@BeforeEach
	void startWithRoomInThisMinute() {
		Windows.awaitSecondsLeftInMinute(3);
	}

	@Test
	void newPolicyVersionWhenLimitsRaisedThenWhatWasSpentIsKept() {
		// given 15 tokens and 1 request spent under version 1
		String clientId = newClientId();
		Policy v1 = Policy.basic().version(1).tokensPerMinute(1000L).requestsPerMinute(10L);
		assertThat(this.http.post("/v1/chat/completions", this.issuer.token(clientId).policy(v1).sign(), CALL)
			.header("x-ratelimit-remaining-tokens")).isEqualTo("985");

		// when a token of version 2 with higher limits arrives
		Policy v2 = Policy.basic().version(2).tokensPerMinute(2000L).requestsPerMinute(20L);
		String token = this.issuer.token(clientId).policy(v2).sign();
		JsonNode windows = this.http.get("/v1/usage", token).json().get("windows");
		Http.Response call = this.http.post("/v1/chat/completions", token, CALL);

		// then the new limits apply with what was spent carried over
		assertThat(window(windows, "tokens_per_minute")).isEqualTo("2000/15/1985");
		assertThat(window(windows, "requests_per_minute")).isEqualTo("20/1/19");
		assertThat(call.header("x-ratelimit-limit-tokens")).isEqualTo("2000");
		assertThat(call.header("x-ratelimit-remaining-tokens")).isEqualTo("1970");
		assertThat(call.header("x-ratelimit-remaining-requests")).isEqualTo("18");
	}

	@Test
	void newPolicyVersionWhenLimitLoweredThenWhatIsLeftIsCappedAtNewLimit() {
		// given 15 of 1000 tokens spent under version 1, then 900 of them under version 2
		String clientId = newClientId();
		Policy v1 = Policy.basic().version(1).tokensPerMinute(1000L);
		this.http.post("/v1/chat/completions", this.issuer.token(clientId).policy(v1).sign(), CALL);

		// when version 3 lowers the limit below what is left
		Policy v3 = Policy.basic().version(3).tokensPerMinute(500L);
		JsonNode windows = this.http.get("/v1/usage", this.issuer.token(clientId).policy(v3).sign())
			.json()
			.get("windows");

		// then what is left is capped at the new limit
		// (so the window admits at most the old limit in all)
		assertThat(window(windows, "tokens_per_minute")).isEqualTo("500/0/500");
	}

	@Test
	void olderPolicyVersionWhenNewerAlreadySeenThenNewerLimitsStay() {
		String clientId = newClientId();
		Policy v2 = Policy.basic().version(2).tokensPerMinute(2000L);
		this.http.post("/v1/chat/completions", this.issuer.token(clientId).policy(v2).sign(), CALL);

		Policy v1 = Policy.basic().version(1).tokensPerMinute(1000L);
		Http.Response call = this.http.post("/v1/chat/completions", this.issuer.token(clientId).policy(v1).sign(),
				CALL);

		// A token issued before the change does not turn the policy back.
		assertThat(call.header("x-ratelimit-limit-tokens")).isEqualTo("2000");
		assertThat(call.header("x-ratelimit-remaining-tokens")).isEqualTo("1970");
	}

	/** limit/used/remaining of one window of a /v1/usage answer. */
	private static String window(JsonNode windows, String name) {
		for (JsonNode window : windows) {
			if (window.get("window").asString().equals(name)) {
				return window.get("limit").asLong() + "/" + window.get("used").asLong() + "/"
						+ window.get("remaining").asLong();
			}
		}
		return null;
	}

	private static String newClientId() {
		return "client-" + UUID.randomUUID();
	}

}
