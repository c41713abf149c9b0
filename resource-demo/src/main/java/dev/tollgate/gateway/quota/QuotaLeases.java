package dev.tollgate.gateway.quota;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.VerboseResult;
import io.github.bucket4j.distributed.BucketProxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tollgate.gateway.error.GatewayException;

/**
 * Local leases of a client's windows, so that a busy replica touches the quota store
 * about every hundred milliseconds per bucket instead of on every call. A lease is taken
 * from the shared bucket like any reservation, so the tokens that every replica admits in
 * a window still never exceed its limit; calls of this replica then take from the lease
 * and give back to it, in memory.
 * <p>
 * A bucket is leased only while it is busy here (its call before less than
 * {@value #BUSY_MILLIS} ms ago): a lone call goes to the store as before. A lease is
 * sized to last about {@value #TARGET_MILLIS} ms of this replica's calls, and never more
 * than 1/{@value #SHARE_OF_LIMIT} of the limit or 1/{@value #SHARE_OF_REMAINING} of what
 * the window had left: near the limit leases shrink to nothing and every call is exact
 * again, so a refusal on one replica while another still holds part of the window stays
 * unlikely. What a lease has left goes back to the bucket when it has not been used for
 * {@value #IDLE_MILLIS} ms, before a refusal or a peek on this replica, when the policy
 * version changes, and when the application stops; a lease of a window that is over is
 * dropped, since the window started full again.
 * <p>
 * NOTE: a replica that crashes loses what its leases held for the rest of their windows
 * (at most 1/{@value #SHARE_OF_LIMIT} of a limit per bucket, in practice about
 * {@value #TARGET_MILLIS} ms of its calls). NOTE: while PostgreSQL is down, calls are
 * still admitted from a lease until it is spent, within the limit; then they get 503.
 * NOTE: another replica's {@code /v1/usage} counts what this replica holds in a lease as
 * used, until it comes back.
 */
final class QuotaLeases implements AutoCloseable {

	static final long BUSY_MILLIS = 50;

	static final long TARGET_MILLIS = 100;

	static final long IDLE_MILLIS = 200;

	static final long SHARE_OF_LIMIT = 64;

	static final long SHARE_OF_REMAINING = 16;

	private static final Logger logger = LoggerFactory.getLogger(QuotaLeases.class);

	private final Map<String, Slot> slots = new ConcurrentHashMap<>();

	private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "quota-lease-returns");
		thread.setDaemon(true);
		return thread;
	});

	QuotaLeases() {
		this.sweeper.scheduleWithFixedDelay(this::returnIdle, IDLE_MILLIS, IDLE_MILLIS / 2, TimeUnit.MILLISECONDS);
	}

	/**
	 * Takes {@code amount} from the caller's lease of the bucket, leasing more from the
	 * bucket if needed and worth it.
	 * @param bucket the batched proxy of the bucket at the caller's policy version
	 * @return the windows as this replica sees them after the take, or empty when the
	 * call must go to the bucket itself
	 * @throws GatewayException 503 when the store does not answer
	 */
	Optional<QuotaSnapshot> take(String key, Caller caller, long limit, long amount, BucketProxy bucket) {
		long waitedFrom = System.nanoTime();
		Slot slot = lockedSlot(key);
		try {
			Instant now = Instant.now();
			boolean busy = slot.called(waitedFrom);
			Lease lease = slot.current(caller, now, bucket);
			if (lease != null && lease.available >= amount) {
				return Optional.of(lease.take(amount));
			}
			if (slot.failedAt - waitedFrom > 0) {
				// The store failed while this call waited: fail at once, not after
				// another connection timeout.
				throw GatewayException.quotaStoreUnavailable();
			}
			long chunk = busy ? slot.nextChunk(limit, amount, now) : slot.stopLeasing();
			if (chunk == 0) {
				slot.giveBack(bucket, now);
				return Optional.empty();
			}
			return slot.lease(caller, amount, chunk, bucket, now);
		}
		finally {
			slot.lock.unlock();
		}
	}

	/**
	 * The bucket's slot, locked; a slot that the sweeper removed meanwhile is not used.
	 */
	private Slot lockedSlot(String key) {
		while (true) {
			Slot slot = this.slots.computeIfAbsent(key, (ignored) -> new Slot());
			slot.lock.lock();
			if (this.slots.get(key) == slot) {
				return slot;
			}
			slot.lock.unlock();
		}
	}

	/**
	 * Gives {@code amount} back to the caller's lease of the bucket if it still holds the
	 * windows of {@code takenAt}.
	 * @return whether the lease took it; if not, it goes back to the bucket
	 */
	boolean giveBack(String key, Caller caller, Instant takenAt, long amount) {
		Slot slot = this.slots.get(key);
		if (slot == null) {
			return false;
		}
		slot.lock.lock();
		try {
			Lease lease = slot.lease;
			if (lease == null || lease.version != caller.policy().version() || !lease.windows.holds(takenAt)) {
				return false;
			}
			lease.available += amount;
			return true;
		}
		finally {
			slot.lock.unlock();
		}
	}

	/** Gives back what this replica's lease of the bucket holds, in this thread. */
	void giveBack(String key, BucketProxy bucket) {
		Slot slot = this.slots.get(key);
		if (slot != null) {
			slot.giveBackLocked(bucket, Instant.now());
		}
	}

	/** Gives back every lease and stops returning idle ones. */
	@Override
	public void close() {
		this.sweeper.shutdownNow();
		this.slots.values().forEach((slot) -> slot.giveBackLocked(null, Instant.now()));
	}

	private void returnIdle() {
		long idleSince = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS);
		List<Slot> idle = new ArrayList<>();
		this.slots.forEach((key, slot) -> {
			if (slot.lease != null && slot.lease.usedAt - idleSince < 0) {
				idle.add(slot);
			}
		});
		idle.forEach((slot) -> slot.giveBackLocked(null, Instant.now()));
		this.slots.forEach((key, slot) -> {
			if (slot.lease == null && slot.calledAt - idleSince < 0 && slot.lock.tryLock()) {
				try {
					this.slots.remove(key, slot);
				}
				finally {
					slot.lock.unlock();
				}
			}
		});
	}

	/** One bucket's lease on this replica, and what is known to size the next one. */
	private static final class Slot {

		final ReentrantLock lock = new ReentrantLock();

		volatile Lease lease;

		/** The bucket that the lease came from, to give back to. */
		BucketProxy source;

		long chunk;

		volatile long calledAt = System.nanoTime() - TimeUnit.SECONDS.toNanos(1);

		long leasedAt;

		volatile long failedAt = System.nanoTime() - TimeUnit.SECONDS.toNanos(1);

		/** What the bucket had left after its last operation here, in which windows. */
		long knownRemaining = Long.MAX_VALUE;

		LeaseWindows knownWindows;

		/**
		 * Notes a call; whether the one before came less than {@value #BUSY_MILLIS} ms
		 * ago.
		 */
		boolean called(long at) {
			boolean busy = at - this.calledAt < TimeUnit.MILLISECONDS.toNanos(BUSY_MILLIS);
			this.calledAt = at;
			return busy;
		}

		long stopLeasing() {
			this.chunk = 0;
			return 0;
		}

		/** The lease if it still holds the caller's windows and policy version. */
		Lease current(Caller caller, Instant now, BucketProxy bucket) {
			Lease held = this.lease;
			if (held == null) {
				return null;
			}
			if (!held.windows.holds(now)) {
				// The window is over and the new one started full: giving back there
				// would admit more than its limit.
				this.lease = null;
				return null;
			}
			if (held.version != caller.policy().version()) {
				giveBack(bucket, now);
				return null;
			}
			return held;
		}

		/**
		 * How much to lease beyond {@code amount}: nothing when the bucket is not busy
		 * here or its window is near its limit, else about {@value #TARGET_MILLIS} ms of
		 * calls.
		 */
		long nextChunk(long limit, long amount, Instant now) {
			long lasted = System.nanoTime() - this.leasedAt;
			if (this.chunk == 0) {
				this.chunk = amount * 8;
			}
			else if (lasted < TimeUnit.MILLISECONDS.toNanos(TARGET_MILLIS)) {
				this.chunk *= 2;
			}
			else if (lasted > TimeUnit.MILLISECONDS.toNanos(TARGET_MILLIS * 4)) {
				this.chunk /= 2;
			}
			long remaining = (this.knownWindows != null && this.knownWindows.holds(now)) ? this.knownRemaining
					: Long.MAX_VALUE;
			long cap = Math.min(limit / SHARE_OF_LIMIT, remaining / SHARE_OF_REMAINING);
			this.chunk = Math.min(this.chunk, cap);
			return (this.chunk >= amount) ? this.chunk : 0;
		}

		/** Takes {@code amount + chunk} from the bucket in one operation. */
		Optional<QuotaSnapshot> lease(Caller caller, long amount, long chunk, BucketProxy bucket, Instant now) {
			VerboseResult<ConsumptionProbe> result;
			try {
				result = bucket.asVerbose().tryConsumeAndReturnRemaining(amount + chunk);
			}
			catch (RuntimeException ex) {
				this.failedAt = System.nanoTime();
				logger.warn("The quota store did not answer: {}", ex.getMessage());
				throw GatewayException.quotaStoreUnavailable();
			}
			QuotaSnapshot granted = QuotaService.windows(result);
			this.knownWindows = LeaseWindows.of(granted, QuotaService.operationTime(result));
			this.knownRemaining = result.getValue().getRemainingTokens();
			if (!result.getValue().isConsumed()) {
				this.chunk = 0;
				giveBack(bucket, now);
				return Optional.empty();
			}
			Lease held = this.lease;
			long carried = (held != null && held.windows.equals(this.knownWindows)) ? held.available : 0;
			this.lease = new Lease(caller.policy().version(), this.knownWindows, granted, chunk + carried);
			this.source = bucket;
			this.leasedAt = System.nanoTime();
			return Optional.of(this.lease.taken());
		}

		/** Gives back what the lease holds, to {@code bucket} or to its own source. */
		void giveBack(BucketProxy bucket, Instant now) {
			write(detach(now), (bucket != null) ? bucket : this.source);
		}

		/**
		 * The same from another thread than a call's: the slot stays locked only while
		 * the lease is taken off it, not during the round trip, so that calls do not wait
		 * for a give-back that the store may not answer.
		 */
		void giveBackLocked(BucketProxy bucket, Instant now) {
			long tokens;
			BucketProxy target;
			this.lock.lock();
			try {
				target = (bucket != null) ? bucket : this.source;
				tokens = detach(now);
			}
			finally {
				this.lock.unlock();
			}
			write(tokens, target);
		}

		/** Takes the lease off the slot: what it holds, if its windows are not over. */
		private long detach(Instant now) {
			Lease held = this.lease;
			this.lease = null;
			return (held != null && held.windows.holds(now)) ? held.available : 0;
		}

		private static void write(long tokens, BucketProxy target) {
			if (tokens <= 0) {
				return;
			}
			try {
				target.addTokens(tokens);
			}
			catch (RuntimeException ex) {
				logger.warn("Could not give back a lease of {} to the quota store: {}", tokens, ex.getMessage());
			}
		}

	}

	/**
	 * The windows of a bucket's dimensions, by index: a lease of tokens per day only is
	 * not over at the end of a minute.
	 */
	private record LeaseWindows(Map<Dimension, Long> indices) {

		static LeaseWindows of(QuotaSnapshot windows, Instant at) {
			Map<Dimension, Long> indices = new EnumMap<>(Dimension.class);
			windows.windows().forEach((window) -> indices.put(window.dimension(), window.dimension().windowIndex(at)));
			return new LeaseWindows(indices);
		}

		boolean holds(Instant instant) {
			for (Map.Entry<Dimension, Long> index : this.indices.entrySet()) {
				if (index.getKey().windowIndex(instant) != index.getValue()) {
					return false;
				}
			}
			return true;
		}

	}

	/** Tokens or requests leased from one bucket in one set of windows. */
	private static final class Lease {

		final long version;

		final LeaseWindows windows;

		/** The windows as the lease's operation left the bucket. */
		final QuotaSnapshot granted;

		long available;

		long usedAt = System.nanoTime();

		Lease(long version, LeaseWindows windows, QuotaSnapshot granted, long available) {
			this.version = version;
			this.windows = windows;
			this.granted = granted;
			this.available = available;
		}

		QuotaSnapshot take(long amount) {
			this.available -= amount;
			return taken();
		}

		/** The windows as this replica sees them: the bucket's, plus what is leased. */
		QuotaSnapshot taken() {
			this.usedAt = System.nanoTime();
			List<Window> windows = new ArrayList<>();
			for (Window window : this.granted.windows()) {
				windows.add(new Window(window.dimension(), window.limit(),
						Math.min(window.limit(), window.remaining() + this.available), window.resetsAt()));
			}
			return new QuotaSnapshot(windows);
		}

	}

}
