package dev.tollgate.deploy.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import dev.tollgate.deploy.system.Http.Response;

/**
 * Client threads that ask one auth-server for client_credentials tokens as fast as it
 * answers, recording every answer, until stopped or, as a bound, for at most two minutes.
 */
final class TokenLoad implements AutoCloseable {

	private static final Duration LONGEST = Duration.ofMinutes(2);

	private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();

	private final AtomicBoolean stopped = new AtomicBoolean();

	private final List<Thread> threads = new ArrayList<>();

	private TokenLoad() {
	}

	static TokenLoad start(String baseUrl, int threads) {
		TokenLoad load = new TokenLoad();
		long deadline = System.nanoTime() + LONGEST.toNanos();
		for (int i = 0; i < threads; i++) {
			AuthServerClient client = new AuthServerClient(baseUrl, Http.create());
			Thread thread = new Thread(() -> {
				while (!load.stopped.get() && System.nanoTime() < deadline) {
					load.outcomes.add(load.request(client));
				}
			}, "token-load-" + i);
			thread.start();
			load.threads.add(thread);
		}
		return load;
	}

	private Outcome request(AuthServerClient client) {
		long at = System.nanoTime();
		try {
			return new Outcome(at, client.requestServiceToken());
		}
		catch (RuntimeException ex) {
			return new Outcome(at, new Response(0, Map.of(), ex.toString()));
		}
	}

	/** The answers so far. */
	List<Outcome> outcomes() {
		return List.copyOf(this.outcomes);
	}

	/** How many answers since {@code sinceNanos} match. */
	long count(long sinceNanos, Predicate<Response> matching) {
		return this.outcomes.stream()
			.filter((outcome) -> outcome.startedAt() >= sinceNanos && matching.test(outcome.response()))
			.count();
	}

	/** Stops the threads and waits for their last requests to be answered. */
	@Override
	public void close() throws InterruptedException {
		this.stopped.set(true);
		for (Thread thread : this.threads) {
			thread.join(Duration.ofSeconds(40).toMillis());
		}
	}

	/**
	 * One answer, and when its request was sent ({@link System#nanoTime()}).
	 */
	record Outcome(long startedAt, Response response) {
	}

}
