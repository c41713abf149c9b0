package dev.tollgate.auth.observability;

import java.util.Map;

import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.Prometheus;
import dev.tollgate.auth.support.TestAuthServer;
import dev.tollgate.auth.support.Tokens;
import org.junit.jupiter.api.Test;

import static dev.tollgate.auth.support.Http.basic;
import static dev.tollgate.auth.support.Http.bearer;
import static dev.tollgate.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The server's metrics as Prometheus scrapes them from {@code /actuator/prometheus}:
 * tokens issued by grant and client, the endpoints' latency, their errors by RFC 6749
 * code, and the age of the active signing key.
 */
class ProtocolMetricsTests {

	private static final TestAuthServer server = TestAuthServer.shared();

	private static final Http http = new Http(server.baseUrl());

	/** Issued once, so that scraping does not add to the counts it reads. */
	private static final String scraper = Tokens.admin(http);

	@Test
	void prometheusWhenTokensIssuedThenCountedByGrantTypeAndClientIdAndTimed() {
		String before = scrape();

		Tokens.service(http);
		Tokens.service(http);
		Tokens.admin(http);
		String after = scrape();

		Map<String, String> service = Map.of("grant_type", "client_credentials", "client_id", "demo-service");
		Map<String, String> admin = Map.of("grant_type", "client_credentials", "client_id", "demo-admin");
		assertThat(delta(before, after, "tollgate_tokens_issued_total", service)).isEqualTo(2.0);
		assertThat(delta(before, after, "tollgate_tokens_issued_total", admin)).isEqualTo(1.0);
		Map<String, String> token200 = Map.of("endpoint", "token", "status", "200");
		assertThat(delta(before, after, "tollgate_token_requests_seconds_count", token200)).isEqualTo(3.0);
		assertThat(delta(before, after, "tollgate_token_requests_seconds_sum", token200)).isPositive();
		assertThat(Prometheus.has(after, "tollgate_token_requests_seconds_bucket")).isTrue();
	}

	@Test
	void prometheusWhenEndpointsFailThenErrorsCountedByEndpointAndCode() {
		String before = scrape();

		Response wrongSecret = http.postForm("/oauth2/token", basic("demo-service", "not-the-secret"),
				form("grant_type", "client_credentials"));
		Response unsupported = http.postForm("/oauth2/token", Tokens.SERVICE, form("grant_type", "password"));
		Response noClient = http.postForm("/oauth2/introspect", null, form("token", "x"));
		Response notForm = http.post("/oauth2/revoke", Tokens.SERVICE, "application/json", "{}");
		String after = scrape();

		assertThat(wrongSecret.status()).isEqualTo(401);
		assertThat(unsupported.status()).isEqualTo(400);
		assertThat(noClient.status()).isEqualTo(401);
		assertThat(notForm.status()).isEqualTo(400);
		assertThat(delta(before, after, "tollgate_token_errors_total",
				Map.of("endpoint", "token", "error", "invalid_client")))
			.isEqualTo(1.0);
		assertThat(delta(before, after, "tollgate_token_errors_total",
				Map.of("endpoint", "token", "error", "unsupported_grant_type")))
			.isEqualTo(1.0);
		assertThat(delta(before, after, "tollgate_token_errors_total",
				Map.of("endpoint", "introspect", "error", "invalid_client")))
			.isEqualTo(1.0);
		assertThat(delta(before, after, "tollgate_token_errors_total",
				Map.of("endpoint", "revoke", "error", "invalid_request")))
			.isEqualTo(1.0);
		assertThat(delta(before, after, "tollgate_token_requests_seconds_count",
				Map.of("endpoint", "token", "status", "401")))
			.isEqualTo(1.0);
		assertThat(after).doesNotContain("not-the-secret");
	}

	@Test
	void prometheusWhenScrapedThenActiveKeyAgeInSeconds() {
		String scrape = scrape();

		double age = Prometheus.value(scrape, "tollgate_keys_active_age_seconds", Map.of());

		assertThat(age).isGreaterThanOrEqualTo(0.0).isLessThan(24 * 3600.0);
		assertThat(scrape).contains("# TYPE tollgate_keys_active_age_seconds gauge");
	}

	@Test
	void prometheusWhenKeyRotatedThenActiveKeyAgeStartsAgain() throws InterruptedException {
		Thread.sleep(1100);
		double before = Prometheus.value(scrape(), "tollgate_keys_active_age_seconds", Map.of());

		Response rotated = http.send("/admin/v1/keys/rotate", "POST", bearer(scraper));
		double after = Prometheus.value(scrape(), "tollgate_keys_active_age_seconds", Map.of());

		assertThat(rotated.status()).isEqualTo(200);
		assertThat(before).isGreaterThanOrEqualTo(1.0);
		assertThat(after).isCloseTo(0.0, within(1.0));
	}

	private static double delta(String before, String after, String name, Map<String, String> labels) {
		return Prometheus.value(after, name, labels) - Prometheus.value(before, name, labels);
	}

	private static String scrape() {
		Response response = http.get("/actuator/prometheus", bearer(scraper));
		assertThat(response.status()).isEqualTo(200);
		return response.body();
	}

}
