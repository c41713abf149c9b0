package dev.tollgate.gateway.logging;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.tollgate.gateway.support.Http;
import dev.tollgate.gateway.support.StubIssuer;
import dev.tollgate.gateway.support.TestGateway;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every answer carries the request's id in {@code X-Request-Id}: the caller's or load
 * balancer's when well formed, else one the gateway made.
 */
class RequestIdTests {

	private final Http http = TestGateway.shared().http();

	private final String token = StubIssuer.shared().token("client-" + UUID.randomUUID()).sign();

	@Test
	void answerWhenRequestIdWellFormedThenEchoed() {
		Http.Response response = this.http.get("/v1/models", this.token, "X-Request-Id", "lb-4711.a_b");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("X-Request-Id")).isEqualTo("lb-4711.a_b");
	}

	@Test
	void answerWhenRequestIdMalformedOrMissingThenGeneratedOne() {
		Http.Response hostile = this.http.get("/v1/models", this.token, "X-Request-Id", "x\"}{\"forged\":1");
		Http.Response tooLong = this.http.get("/v1/models", this.token, "X-Request-Id", "a".repeat(65));
		Http.Response none = this.http.get("/v1/models", null);

		assertThat(UUID.fromString(hostile.header("X-Request-Id"))).isNotNull();
		assertThat(UUID.fromString(tooLong.header("X-Request-Id"))).isNotNull();
		assertThat(none.status()).isEqualTo(401);
		assertThat(UUID.fromString(none.header("X-Request-Id"))).isNotNull();
	}

}
