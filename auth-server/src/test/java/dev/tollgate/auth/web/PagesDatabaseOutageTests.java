package dev.tollgate.auth.web;

import java.time.Duration;

import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.TestAuthServer;
import dev.tollgate.auth.support.TestDatabase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages keep their session in PostgreSQL: while it is down they answer 503 with a
 * plain sentence and {@code Retry-After} (never a 500 or a stack trace), and they work
 * again by themselves once it is back.
 */
class PagesDatabaseOutageTests {

	@Test
	void loginPageWhenDatabaseStopsThenServiceUnavailableAndWhenItReturnsThenServedAgain() throws InterruptedException {
		try (TestDatabase.StoppableServer postgres = TestDatabase.stoppableServer();
				TestAuthServer server = TestAuthServer.start(postgres.database())) {
			Http http = new Http(server.baseUrl());
			assertThat(http.get("/login", null).status()).isEqualTo(200);

			postgres.stop();
			Response unavailable = http.get("/login", null);

			assertThat(unavailable.status()).isEqualTo(503);
			assertThat(unavailable.header("Retry-After")).isEqualTo("1");
			assertThat(unavailable.header("Content-Type")).startsWith("text/plain");
			assertThat(unavailable.body())
				.isEqualTo("Sign-in is temporarily unavailable. Please try again in a moment.\n");

			postgres.start();
			Response recovered = untilNotUnavailable(http);

			assertThat(recovered.status()).isEqualTo(200);
			assertThat(recovered.header("Set-Cookie")).startsWith("SESSION=");
		}
	}

	private static Response untilNotUnavailable(Http http) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		Response response = http.get("/login", null);
		while (response.status() == 503 && System.nanoTime() < deadline) {
			Thread.sleep(200);
			response = http.get("/login", null);
		}
		return response;
	}

}
