package dev.tollgate.auth.authorization;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The grouping of {@link GroupCommit} on its own, with a write that records its groups:
 * the database side is covered by the token endpoint's tests on PostgreSQL.
 */
class GroupCommitTests {

	private static final int CALLERS = 16;

	private final ExecutorService callers = Executors.newFixedThreadPool(CALLERS);

	private final List<List<Integer>> groups = Collections.synchronizedList(new ArrayList<>());

	private final CountDownLatch firstWriteStarted = new CountDownLatch(1);

	private final CountDownLatch othersQueued = new CountDownLatch(1);

	@AfterEach
	void stopCallers() {
		this.callers.shutdownNow();
	}

	@Test
	void writeWhenOneCallerThenItsItemWrittenAloneAtOnce() {
		GroupCommit<Integer> commit = new GroupCommit<>(this.groups::add, 64, 1, (ex) -> false);

		commit.write(7);

		assertThat(this.groups).containsExactly(List.of(7));
	}

	@Test
	void writeWhenCallersConcurrentThenEveryItemWrittenOnceInFewerWrites() throws Exception {
		GroupCommit<Integer> commit = new GroupCommit<>(slowFirstWrite(), 64, 1, (ex) -> false);
		List<Future<?>> others = writeWhileFirstHeld(commit, CALLERS);
		awaitAll(others);

		assertThat(this.groups.stream().flatMap(List::stream)).containsExactlyInAnyOrderElementsOf(range(CALLERS));
		assertThat(this.groups).hasSize(2);
		assertThat(this.groups.get(1)).hasSize(CALLERS - 1);
	}

	@Test
	void writeWhenMoreQueuedThanGroupSizeThenSplitIntoGroupsOfAtMostThatSize() throws Exception {
		GroupCommit<Integer> commit = new GroupCommit<>(slowFirstWrite(), 4, 1, (ex) -> false);
		List<Future<?>> others = writeWhileFirstHeld(commit, CALLERS);
		awaitAll(others);

		assertThat(this.groups.stream().flatMap(List::stream)).containsExactlyInAnyOrderElementsOf(range(CALLERS));
		assertThat(this.groups).allSatisfy((group) -> assertThat(group).hasSizeLessThanOrEqualTo(4));
		assertThat(this.groups).hasSize(5);
	}

	@Test
	void writeWhenTwoWritesAllowedThenNextCallerWritesWhileFirstIsUnderWay() throws Exception {
		GroupCommit<Integer> commit = new GroupCommit<>(slowFirstWrite(), 64, 2, (ex) -> false);
		Future<?> first = this.callers.submit(() -> commit.write(0));
		this.firstWriteStarted.await(5, TimeUnit.SECONDS);

		commit.write(1);

		assertThat(first).isNotDone();
		assertThat(this.groups).containsExactly(List.of(0), List.of(1));
		this.othersQueued.countDown();
		first.get(5, TimeUnit.SECONDS);
	}

	@Test
	void writeWhenManyCallersAndConcurrentWritesThenEveryItemWrittenExactlyOnce() throws Exception {
		GroupCommit<Integer> commit = new GroupCommit<>((items) -> {
			this.groups.add(items);
			sleep(1);
		}, 8, 2, (ex) -> false);
		List<Future<?>> writes = new ArrayList<>();
		for (int caller = 0; caller < CALLERS; caller++) {
			int base = caller * 100;
			writes.add(this.callers.submit(() -> {
				for (int item = base; item < base + 100; item++) {
					commit.write(item);
				}
			}));
		}

		for (Future<?> write : writes) {
			write.get(60, TimeUnit.SECONDS);
		}

		assertThat(this.groups.stream().flatMap(List::stream))
			.containsExactlyInAnyOrderElementsOf(range(CALLERS * 100));
		assertThat(this.groups).allSatisfy((group) -> assertThat(group).hasSizeLessThanOrEqualTo(8));
	}

	@Test
	void writeWhenDatabaseFailsThenEveryCallerOfTheGroupGetsTheFailure() throws Exception {
		DataAccessResourceFailureException down = new DataAccessResourceFailureException("database down");
		Consumer<List<Integer>> slow = slowFirstWrite();
		GroupCommit<Integer> commit = new GroupCommit<>((items) -> {
			slow.accept(items);
			if (items.size() > 1) {
				throw down;
			}
		}, 64, 1, DataIntegrityViolationException.class::isInstance);
		List<Future<?>> others = writeWhileFirstHeld(commit, 4);

		for (Future<?> other : others) {
			assertThatThrownBy(() -> other.get(5, TimeUnit.SECONDS)).hasCause(down);
		}
		assertThat(this.groups).hasSize(2);
	}

	@Test
	void writeWhenOneItemViolatesConstraintThenOnlyItsCallerFails() throws Exception {
		Consumer<List<Integer>> slow = slowFirstWrite();
		GroupCommit<Integer> commit = new GroupCommit<>((items) -> {
			if (items.contains(2)) {
				throw new DataIntegrityViolationException("duplicate key");
			}
			slow.accept(items);
		}, 64, 1, DataIntegrityViolationException.class::isInstance);
		List<Future<?>> others = writeWhileFirstHeld(commit, 4);

		others.get(0).get(5, TimeUnit.SECONDS);
		assertThatThrownBy(() -> others.get(1).get(5, TimeUnit.SECONDS))
			.hasCauseInstanceOf(DataIntegrityViolationException.class);
		others.get(2).get(5, TimeUnit.SECONDS);
		assertThat(this.groups).containsExactlyInAnyOrder(List.of(0), List.of(1), List.of(3));
	}

	/**
	 * Writes item 0, and while its write is held, items 1 to {@code count - 1} from
	 * callers of their own; returns their futures once the first write is done.
	 */
	private List<Future<?>> writeWhileFirstHeld(GroupCommit<Integer> commit, int count) throws Exception {
		Future<?> first = this.callers.submit(() -> commit.write(0));
		this.firstWriteStarted.await(5, TimeUnit.SECONDS);
		List<Future<?>> others = new ArrayList<>();
		for (int item = 1; item < count; item++) {
			int value = item;
			others.add(this.callers.submit(() -> commit.write(value)));
		}
		Thread.sleep(200);
		this.othersQueued.countDown();
		first.get(5, TimeUnit.SECONDS);
		return others;
	}

	/**
	 * Records each group; the first write waits until the test has queued the others, so
	 * that they make up the next group.
	 */
	private Consumer<List<Integer>> slowFirstWrite() {
		return (items) -> {
			boolean first = this.groups.isEmpty();
			this.groups.add(items);
			if (first) {
				this.firstWriteStarted.countDown();
				await(this.othersQueued);
			}
		};
	}

	private static void awaitAll(List<Future<?>> futures) throws Exception {
		for (Future<?> future : futures) {
			future.get(5, TimeUnit.SECONDS);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static List<Integer> range(int size) {
		List<Integer> items = new ArrayList<>();
		for (int item = 0; item < size; item++) {
			items.add(item);
		}
		return items;
	}

}
