package dev.tollgate.auth.audit;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.tollgate.auth.support.AuditEvents;
import dev.tollgate.auth.support.AuditEvents.Event;
import dev.tollgate.auth.support.Http;
import dev.tollgate.auth.support.Poll;
import dev.tollgate.auth.support.Sql;
import dev.tollgate.auth.support.TestAuthServer;
import dev.tollgate.auth.support.TestDatabase;
import dev.tollgate.auth.support.Tokens;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long audit events live: the scheduled cleanup deletes events older than
 * {@code tollgate.audit.retention} and only those, and the batching writer writes what
 * still waits when the server stops.
 */
class AuditRetentionTests {

	private static final Duration PATIENCE = Duration.ofSeconds(15);

	@Test
	void cleanupWhenEventsAreOlderThanTheRetentionThenOnlyThoseAreDeleted() {
		TestDatabase.Database database = TestDatabase.newDatabase();
		try (TestAuthServer server = TestAuthServer.start(database, Map.of("tollgate.audit.retention", "PT1H",
				"tollgate.audit.cleanup-interval", "PT1S", "tollgate.audit.cleanup-batch-size", 2))) {
			insertEvent(database, "test.old", "2 hours");
			insertEvent(database, "test.old", "3 hours");
			insertEvent(database, "test.old", "100 days");
			insertEvent(database, "test.recent", "50 minutes");

			List<Event> old = Poll.until(() -> AuditEvents.ofType(server, "test.old"), List::isEmpty, PATIENCE);

			assertThat(old).isEmpty();
			assertThat(AuditEvents.ofType(server, "test.recent")).hasSize(1);
		}
	}

	@Test
	void stopWhenEventsWaitForTheirBatchThenTheyAreWritten() {
		TestDatabase.Database database = TestDatabase.newDatabase();
		TestAuthServer server = TestAuthServer.start(database, Map.of("tollgate.audit.flush-interval", "PT5M"));
		Tokens.service(new Http(server.baseUrl()));
		Tokens.service(new Http(server.baseUrl()));

		server.close();

		assertThat(Sql.rows(database, "select client_id from audit_event where type = 'token.issued'"))
			.containsExactly(Map.of("client_id", "demo-service"), Map.of("client_id", "demo-service"));
	}

	private static void insertEvent(TestDatabase.Database database, String type, String age) {
		Sql.update(database, "insert into audit_event (occurred_at, type, actor, details) values"
				+ " (now() - interval '" + age + "', ?, 'test', '{}'::jsonb)", type);
	}

}
