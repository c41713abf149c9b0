package dev.tollgate.auth.authorization;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Writes the items that concurrent callers hand in together, in one write and one commit,
 * and returns to each caller only when the write that holds its item committed (or throws
 * what that write threw): a group commit. Durability is what one write per caller gave;
 * the database sees one transaction per group instead of one per caller.
 * <p>
 * There is no writer thread. A caller that finds fewer than {@code maxConcurrentWrites}
 * writes under way becomes a leader: it writes its own item with everything queued (up to
 * {@code maxGroupSize} items), then hands the lead to the first caller still queued, so
 * that each leader writes one group, the one that holds its own item; the callers that
 * queued meanwhile make up the next group. With no concurrency every group is one item,
 * written at once. More than one write under way lets one group's commit overlap the next
 * group's statement, as PostgreSQL flushes concurrent commits together.
 * <p>
 * When a group's write fails for a reason one item may cause (a duplicate key), each of
 * its items is written again alone, so that the bad one fails only its own caller; any
 * other failure (the database is down) fails every caller of the group at once, each with
 * the exception the write threw, as each would have failed without grouping.
 *
 * @param <T> what a caller writes
 */
final class GroupCommit<T> {

	private final Consumer<List<T>> write;

	private final int maxGroupSize;

	private final Predicate<RuntimeException> causedByOneItem;

	private final Object lock = new Object();

	private final List<Entry<T>> queue = new ArrayList<>();

	private final int maxConcurrentWrites;

	private int writing;

	/**
	 * @param write writes and commits the items of one group, all or none
	 * @param maxGroupSize the most items one write takes
	 * @param maxConcurrentWrites the most writes under way at once
	 * @param causedByOneItem whether a failed write may have failed for one of its items,
	 * so that writing each alone is worth it
	 */
	GroupCommit(Consumer<List<T>> write, int maxGroupSize, int maxConcurrentWrites,
			Predicate<RuntimeException> causedByOneItem) {
		this.write = write;
		this.maxGroupSize = maxGroupSize;
		this.maxConcurrentWrites = maxConcurrentWrites;
		this.causedByOneItem = causedByOneItem;
	}

	/**
	 * Writes the item with those of concurrent callers and returns once it is committed.
	 * @throws RuntimeException what the write of the item threw
	 */
	void write(T item) {
		Entry<T> entry = new Entry<>(item);
		boolean lead;
		synchronized (this.lock) {
			lead = this.writing < this.maxConcurrentWrites;
			if (lead) {
				this.writing++;
			}
			else {
				this.queue.add(entry);
			}
		}
		if (lead || awaitTurn(entry)) {
			writeGroupOf(entry);
		}
		if (entry.failure != null) {
			throw entry.failure;
		}
	}

	/**
	 * Whether the caller was handed the lead; otherwise its item was written (or failed).
	 */
	private static <T> boolean awaitTurn(Entry<T> entry) {
		try {
			return entry.turn.join();
		}
		catch (CompletionException ex) {
			throw (RuntimeException) ex.getCause();
		}
	}

	/**
	 * Writes the leader's item with what is queued, then hands the lead on to the first
	 * caller still queued, taking it off the queue so that no other leader writes its
	 * item or hands it the lead too.
	 */
	private void writeGroupOf(Entry<T> leader) {
		List<Entry<T>> group = new ArrayList<>();
		group.add(leader);
		synchronized (this.lock) {
			List<Entry<T>> taken = this.queue.subList(0, Math.min(this.queue.size(), this.maxGroupSize - 1));
			group.addAll(taken);
			taken.clear();
		}
		RuntimeException shared;
		try {
			shared = writeGroup(group);
		}
		catch (Error error) {
			// No item is known to be written. Answer the group and hand on the lead,
			// or every later caller would wait for ever.
			shared = new IllegalStateException("Writing a group failed", error);
			for (Entry<T> entry : group) {
				entry.failure = shared;
			}
		}
		Entry<T> next;
		synchronized (this.lock) {
			if (shared != null) {
				// The database is away: the queued callers fail now with the same error
				// rather than one group after another, each waiting out its own timeout.
				for (Entry<T> queued : this.queue) {
					queued.failure = shared;
				}
				group.addAll(this.queue);
				this.queue.clear();
			}
			next = this.queue.isEmpty() ? null : this.queue.remove(0);
			if (next == null) {
				this.writing--;
			}
		}
		for (Entry<T> entry : group) {
			entry.turn.complete(Boolean.FALSE);
		}
		if (next != null) {
			next.turn.complete(Boolean.TRUE);
		}
	}

	/**
	 * @return the failure that failed the whole group for a reason no item causes, else
	 * {@code null}
	 */
	private RuntimeException writeGroup(List<Entry<T>> group) {
		try {
			this.write.accept(group.stream().map((entry) -> entry.item).toList());
			return null;
		}
		catch (RuntimeException ex) {
			if (!this.causedByOneItem.test(ex)) {
				group.forEach((entry) -> entry.failure = ex);
				return ex;
			}
			if (group.size() == 1) {
				group.get(0).failure = ex;
				return null;
			}
		}
		for (Entry<T> entry : group) {
			try {
				this.write.accept(List.of(entry.item));
			}
			catch (RuntimeException ex) {
				entry.failure = ex;
			}
		}
		return null;
	}

	/**
	 * One caller's item. {@code failure} is set before {@code turn} completes, which
	 * publishes it to the caller.
	 */
	private static final class Entry<T> {

		final T item;

		final CompletableFuture<Boolean> turn = new CompletableFuture<>();

		RuntimeException failure;

		Entry(T item) {
			this.item = item;
		}

	}

}
