package dev.tollgate.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway started on a random port and called over real HTTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ResourceDemoApplicationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private GatewayProperties properties;

	@Test
	void healthWhenStartedThenUpWithoutDetails() throws Exception {
		HttpResponse<String> response = get("/actuator/health");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"groups\":[\"liveness\",\"readiness\"],\"status\":\"UP\"}");
	}

	@Test
	void healthGroupsWhenStartedThenLivenessAndReadinessUp() throws Exception {
		assertThat(get("/actuator/health/liveness").body()).isEqualTo("{\"status\":\"UP\"}");
		assertThat(get("/actuator/health/readiness").body()).isEqualTo("{\"status\":\"UP\"}");
	}

	@Test
	void actuatorWhenEndpointOtherThanHealthThenNotFound() throws Exception {
		HttpResponse<String> response = get("/actuator/env");

		assertThat(response.statusCode()).isEqualTo(404);
	}

	@Test
	void issuerWhenNotConfiguredThenLocalAuthServer() {
		assertThat(this.properties.issuer()).isEqualTo(URI.create("http://localhost:9000"));
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		URI uri = URI.create("http://localhost:" + this.port + path);
		HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
