package dev.tollgate.auth.database;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Rows as last read, for the lookups of every token request, kept until evicted (by the
 * writer on this instance, by {@link ChangeNotifications} on the others) and at most a
 * time to live, the bound on staleness should a notification be lost. A read that gives
 * {@code null} is not kept. Bounded: when full of live entries, reads go to the database
 * every time rather than being remembered.
 * <p>
 * A read that raced with an eviction is not kept: each eviction moves a generation
 * counter on, and an entry stays only when the generation it was read under is still
 * current once it is stored.
 *
 * @param <V> what is cached
 */
public final class ReadThroughCache<V> {

	private final long timeToLiveNanos;

	private final int capacity;

	private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();

	private final AtomicLong generation = new AtomicLong();

	public ReadThroughCache(Duration timeToLive, int capacity) {
		this.timeToLiveNanos = timeToLive.toNanos();
		this.capacity = capacity;
	}

	/** The value of {@code key}, from {@code read} when not cached or expired. */
	public V get(String key, Supplier<V> read) {
		long now = System.nanoTime();
		Entry<V> entry = this.entries.get(key);
		if (entry != null && now - entry.readAt() < this.timeToLiveNanos) {
			return entry.value();
		}
		long readUnder = this.generation.get();
		V value = read.get();
		if (value != null && hasRoom(now)) {
			Entry<V> fresh = new Entry<>(value, now);
			this.entries.put(key, fresh);
			if (this.generation.get() != readUnder) {
				this.entries.remove(key, fresh);
			}
		}
		return value;
	}

	public void evict(String key) {
		this.generation.incrementAndGet();
		this.entries.remove(key);
	}

	public void evictIf(Predicate<V> condition) {
		this.generation.incrementAndGet();
		this.entries.values().removeIf((entry) -> condition.test(entry.value()));
	}

	public void clear() {
		this.generation.incrementAndGet();
		this.entries.clear();
	}

	private boolean hasRoom(long now) {
		if (this.entries.size() < this.capacity) {
			return true;
		}
		this.entries.values().removeIf((entry) -> now - entry.readAt() >= this.timeToLiveNanos);
		return this.entries.size() < this.capacity;
	}

	private record Entry<V>(V value, long readAt) {
	}

}
