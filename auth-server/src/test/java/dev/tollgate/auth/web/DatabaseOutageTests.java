package dev.tollgate.auth.web;

import java.time.Duration;

import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.support.TestAuthServer;
import dev.tollgate.auth.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.tollgate.auth.support.Http.basic;
import static dev.tollgate.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With PostgreSQL down, the token endpoint answers 503 {@code temporarily_unavailable}
 * (never a 500 or a hang), and it recovers by itself when the database is back.
 */
class DatabaseOutageTests {

	private static final String SERVICE = basic("demo-service", "demo-service-secret");

	private static TestDatabase.StoppableServer postgres;

	private static TestAuthServer server;

	@BeforeAll
	static void startServer() {
		postgres = TestDatabase.stoppableServer();
		server = TestAuthServer.start(postgres.database());
	}

	@AfterAll
	static void stopServer() {
		server.close();
		postgres.close();
	}

	@Test
	void tokenWhenDatabaseStopsThenServiceUnavailableAndWhenItReturnsThenIssuedAgain() throws InterruptedException {
		Http http = new Http(server.baseUrl());
		assertThat(requestToken(http).status()).isEqualTo(200);

		postgres.stop();
		Response unavailable = requestToken(http);

		assertThat(unavailable.status()).isEqualTo(503);
		assertThat(unavailable.header("Retry-After")).isEqualTo("1");
		assertThat(unavailable.field("error")).isEqualTo("temporarily_unavailable");
		assertThat(unavailable.field("error_description")).isEqualTo("The service is temporarily unavailable; retry");
		// A client id never seen has no rate-limit bucket on this instance yet: the
		// limiter cannot reach its store, admits, and the answer keeps the same shape.
		Response unknownClient = http.postForm("/oauth2/token", basic("never-seen-client", "secret"),
				form("grant_type", "client_credentials"));
		assertThat(unknownClient.status()).isEqualTo(503);
		assertThat(unknownClient.field("error")).isEqualTo("temporarily_unavailable");

		postgres.start();
		Response recovered = untilNotUnavailable(http);

		assertThat(recovered.status()).as(recovered.body()).isEqualTo(200);
		assertThat(recovered.field("access_token")).isNotBlank();
	}

	/**
	 * Retries as a client told {@code Retry-After} would, for a bounded time: a pooled
	 * connection that broke with the database may still fail one request after it is
	 * back, and that answer must be 503 too, never a 500.
	 */
	private static Response untilNotUnavailable(Http http) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		Response response = requestToken(http);
		while (response.status() == 503 && System.nanoTime() < deadline) {
			assertThat(response.field("error")).isEqualTo("temporarily_unavailable");
			Thread.sleep(200);
			response = requestToken(http);
		}
		return response;
	}

	private static Response requestToken(Http http) {
		return http.postForm("/oauth2/token", SERVICE, form("grant_type", "client_credentials"));
	}

}
