package dev.tollgate.gateway.quota;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConfigurationBuilder;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.VerboseResult;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

import dev.tollgate.gateway.error.GatewayException;

/**
 * Enforces a client's quota policy across every replica. Each client has up to two
 * Bucket4j buckets in PostgreSQL: {@code requests:<client_id>} (requests per minute) and
 * {@code tokens:<client_id>}, whose bandwidths are tokens per minute and tokens per day,
 * so that one reservation takes from both windows or from neither. Buckets refill whole
 * at the start of each UTC window (fixed windows, not a sliding trickle), so the tokens
 * admitted in a window never exceed its limit.
 * <p>
 * A refused call still counts as a request, as OpenAI counts them. A new policy
 * {@code version} reconfigures a bucket in place with
 * {@link TokensInheritanceStrategy#ADDITIVE}: a raised limit keeps what was spent in the
 * window; NOTE: a lowered one caps what is left at the new limit, so that window admits
 * at most the old limit in all, not the new one. NOTE: windows turn over by each
 * replica's clock (Bucket4j's client-side time), so replicas must keep their clocks in
 * sync. While a bucket is busy on a replica, that replica leases part of its window and
 * serves calls from the lease in memory ({@link QuotaLeases}). Counted requests,
 * reservations and give-backs of calls on the same bucket at the same time share one
 * database round trip ({@link BucketProxies}); an admitted call's
 * {@code x-ratelimit-remaining-*} headers may so count the calls batched with it, a
 * refusal's never do. Unused tokens go back behind the answer ({@link GiveBacks}). NOTE:
 * for about one database round trip after an answer, its unused tokens are not yet back,
 * and a call on another replica in that moment may be refused though it would have
 * fitted.
 */
@Service
public class QuotaService implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(QuotaService.class);

	private static final List<Dimension> REQUEST_DIMENSIONS = List.of(Dimension.REQUESTS_PER_MINUTE);

	private static final List<Dimension> TOKEN_DIMENSIONS = List.of(Dimension.TOKENS_PER_MINUTE,
			Dimension.TOKENS_PER_DAY);

	private final BucketProxies buckets;

	private final GiveBacks giveBacks;

	private final QuotaLeases leases = new QuotaLeases();

	QuotaService(ProxyManager<String> buckets) {
		this.buckets = new BucketProxies(buckets);
		this.giveBacks = new GiveBacks((caller) -> tokenBucket(caller, true));
	}

	/** Gives back what is still pending before the context closes. */
	@Override
	public void destroy() {
		this.leases.close();
		this.giveBacks.close();
	}

	/**
	 * Counts one request and takes {@code tokens} from the caller's token windows.
	 * @throws GatewayException 400 when {@code tokens} exceed a whole window, 429 when a
	 * window has not enough left, 503 when the quota store does not answer
	 */
	public Reservation reserve(Caller caller, long tokens) {
		refuseLargerThanWindow(caller, tokens);
		refuseZeroLimits(caller);

		QuotaSnapshot snapshot = QuotaSnapshot.EMPTY;
		Optional<BucketProxy> requests = requestBucket(caller);
		Optional<QuotaSnapshot> leasedRequest = requests.flatMap((bucket) -> this.leases.take(requestKey(caller),
				caller, limitOf(caller, REQUEST_DIMENSIONS), 1, bucket));
		if (leasedRequest.isPresent()) {
			snapshot = snapshot.with(leasedRequest.get());
		}
		else if (requests.isPresent()) {
			VerboseResult<ConsumptionProbe> result = store(
					() -> requests.get().asVerbose().tryConsumeAndReturnRemaining(1));
			snapshot = snapshot.with(windows(result));
			if (!result.getValue().isConsumed()) {
				QuotaSnapshot all = snapshot.with(peekTokensQuietly(caller));
				throw rateLimited(caller, Dimension.REQUESTS_PER_MINUTE, 1, result, all);
			}
		}

		Instant takenAt = Instant.now();
		Optional<BucketProxy> batched = tokenBucket(caller, true);
		Optional<QuotaSnapshot> leasedTokens = batched.flatMap((bucket) -> this.leases.take(tokenKey(caller), caller,
				limitOf(caller, TOKEN_DIMENSIONS), tokens, bucket));
		if (leasedTokens.isPresent()) {
			snapshot = snapshot.with(leasedTokens.get());
		}
		else if (batched.isPresent()) {
			VerboseResult<ConsumptionProbe> result = takeTokens(caller, tokens, batched.get());
			snapshot = snapshot.with(windows(result));
			if (!result.getValue().isConsumed()) {
				throw rateLimited(caller, shortDimension(result, tokens), tokens, result, snapshot);
			}
			// The windows the tokens came from are those of the store's operation time.
			takenAt = operationTime(result);
		}
		return new Reservation(caller, tokens, takenAt, snapshot.with(zeroWindows(caller)));
	}

	/**
	 * Takes the tokens in a batched round trip, shared with every call on the bucket at
	 * the same time: each call of a batch is still applied in turn, so admission is
	 * exact. But a batched answer shows the bucket as the whole batch left it, so a
	 * refusal is asked again alone, and reports the window as it found it (and admits
	 * after all if give-backs came in between).
	 */
	private VerboseResult<ConsumptionProbe> takeTokens(Caller caller, long tokens, BucketProxy batched) {
		VerboseResult<ConsumptionProbe> result = store(() -> batched.asVerbose().tryConsumeAndReturnRemaining(tokens));
		if (result.getValue().isConsumed()) {
			return result;
		}
		this.giveBacks.write(caller);
		BucketProxy alone = tokenBucket(caller).orElseThrow();
		return store(() -> alone.asVerbose().tryConsumeAndReturnRemaining(tokens));
	}

	/**
	 * Settles a reservation against what the call used: gives back what it did not use,
	 * or takes what it used beyond the reservation. Never fails the call, which has been
	 * answered already.
	 */
	public QuotaSnapshot settle(Reservation reservation, long usedTokens) {
		long unused = reservation.tokens() - usedTokens;
		Optional<BucketProxy> bucket = tokenBucket(reservation.caller(), true);
		if (unused == 0 || bucket.isEmpty()) {
			return reservation.snapshot();
		}
		if (unused > 0 && !sameWindows(reservation, Instant.now())) {
			// The reservation's window is over and the new one started full: giving
			// back there would admit more than its limit.
			// NOTE: so a call that spans a minute's end keeps its unused tokens spent
			// in the day window.
			return reservation.snapshot();
		}
		if (unused > 0) {
			if (!this.leases.giveBack(tokenKey(reservation.caller()), reservation.caller(), reservation.at(), unused)) {
				this.giveBacks.add(reservation.caller(), reservation.at(), unused);
			}
			return givenBack(reservation.snapshot(), unused);
		}
		try {
			VerboseResult<?> result = bucket.get().asVerbose().consumeIgnoringRateLimits(-unused);
			return reservation.snapshot().with(windows(result));
		}
		catch (RuntimeException ex) {
			logger.warn("Could not settle {} tokens of client {} in the quota store: {}", unused,
					reservation.caller().clientId(), ex.getMessage());
			return reservation.snapshot();
		}
	}

	/**
	 * The caller's windows as they are now, without taking anything.
	 * @throws GatewayException 503 when the quota store does not answer
	 */
	public QuotaSnapshot peek(Caller caller) {
		requestBucket(caller).ifPresent((bucket) -> this.leases.giveBack(requestKey(caller), bucket));
		tokenBucket(caller, true).ifPresent((bucket) -> this.leases.giveBack(tokenKey(caller), bucket));
		this.giveBacks.write(caller);
		QuotaSnapshot snapshot = zeroWindows(caller);
		for (Optional<BucketProxy> bucket : List.of(requestBucket(caller), tokenBucket(caller))) {
			if (bucket.isPresent()) {
				snapshot = snapshot.with(windows(store(() -> bucket.get().asVerbose().getAvailableTokens())));
			}
		}
		return snapshot;
	}

	/** The token windows of a snapshot with {@code tokens} given back. */
	private static QuotaSnapshot givenBack(QuotaSnapshot snapshot, long tokens) {
		List<Window> windows = new ArrayList<>();
		for (Window window : snapshot.windows()) {
			boolean tokenWindow = window.dimension() != Dimension.REQUESTS_PER_MINUTE;
			windows.add(tokenWindow ? new Window(window.dimension(), window.limit(),
					Math.min(window.limit(), window.remaining() + tokens), window.resetsAt()) : window);
		}
		return new QuotaSnapshot(windows);
	}

	private void refuseLargerThanWindow(Caller caller, long tokens) {
		for (Dimension dimension : List.of(Dimension.TOKENS_PER_MINUTE, Dimension.TOKENS_PER_DAY)) {
			Optional<Long> limit = caller.policy().limit(dimension);
			if (limit.isPresent() && limit.get() > 0 && tokens > limit.get()) {
				throw GatewayException.badRequest("request_too_large",
						"Request too large for " + dimension.label() + ": limit " + limit.get() + ", requested "
								+ tokens + " (prompt + max_tokens). Lower max_tokens or shorten the messages.");
			}
		}
	}

	/**
	 * Bucket4j has no bucket of capacity 0: a window the policy sets to 0 is always
	 * spent.
	 */
	private void refuseZeroLimits(Caller caller) {
		QuotaSnapshot zeros = zeroWindows(caller);
		if (zeros.windows().isEmpty()) {
			return;
		}
		Window window = zeros.windows().get(0);
		Duration wait = Duration.between(Instant.now(), window.resetsAt());
		QuotaSnapshot snapshot;
		try {
			snapshot = peek(caller);
		}
		catch (GatewayException ex) {
			snapshot = zeros;
		}
		throw GatewayException.rateLimited(
				typeOf(window.dimension()), window.dimension().claimName(), "Rate limit reached for "
						+ window.dimension().label() + " of client '" + caller.clientId() + "': the policy allows 0.",
				RateLimitHeaders.of(snapshot), wait);
	}

	private QuotaSnapshot zeroWindows(Caller caller) {
		List<Window> windows = new ArrayList<>();
		Instant now = Instant.now();
		caller.policy().limits().forEach((dimension, limit) -> {
			if (limit == 0) {
				windows.add(new Window(dimension, 0, 0, dimension.windowEnd(now)));
			}
		});
		return new QuotaSnapshot(windows);
	}

	private QuotaSnapshot peekTokensQuietly(Caller caller) {
		try {
			return tokenBucket(caller).map((bucket) -> windows(bucket.asVerbose().getAvailableTokens()))
				.orElse(QuotaSnapshot.EMPTY);
		}
		catch (RuntimeException ex) {
			return QuotaSnapshot.EMPTY;
		}
	}

	private static boolean sameWindows(Reservation reservation, Instant now) {
		return reservation.caller()
			.policy()
			.limits()
			.keySet()
			.stream()
			.filter((dimension) -> dimension != Dimension.REQUESTS_PER_MINUTE)
			.allMatch((dimension) -> dimension.windowIndex(reservation.at()) == dimension.windowIndex(now));
	}

	private Optional<BucketProxy> requestBucket(Caller caller) {
		return bucket(requestKey(caller), caller.policy(), true, Dimension.REQUESTS_PER_MINUTE);
	}

	private static String requestKey(Caller caller) {
		return "requests:" + caller.clientId();
	}

	private static String tokenKey(Caller caller) {
		return "tokens:" + caller.clientId();
	}

	/** The smallest limit of a bucket's windows. */
	private static long limitOf(Caller caller, List<Dimension> dimensions) {
		long smallest = Long.MAX_VALUE;
		for (Dimension dimension : dimensions) {
			Optional<Long> limit = caller.policy().limit(dimension).filter((value) -> value > 0);
			if (limit.isPresent()) {
				smallest = Math.min(smallest, limit.get());
			}
		}
		return smallest;
	}

	private Optional<BucketProxy> tokenBucket(Caller caller) {
		return tokenBucket(caller, false);
	}

	/**
	 * The batched proxy serves reservations and give-backs; the unbatched one answers
	 * peeks and refusals exactly.
	 */
	private Optional<BucketProxy> tokenBucket(Caller caller, boolean batched) {
		return bucket(tokenKey(caller), caller.policy(), batched, Dimension.TOKENS_PER_MINUTE,
				Dimension.TOKENS_PER_DAY);
	}

	private Optional<BucketProxy> bucket(String key, LlmPolicy policy, boolean batched, Dimension... dimensions) {
		ConfigurationBuilder configuration = BucketConfiguration.builder();
		boolean limited = false;
		for (Dimension dimension : dimensions) {
			Optional<Long> limit = policy.limit(dimension).filter((value) -> value > 0);
			if (limit.isPresent()) {
				configuration.addLimit(bandwidth(dimension, limit.get()));
				limited = true;
			}
		}
		if (!limited) {
			return Optional.empty();
		}
		BucketConfiguration built = configuration.build();
		return Optional.of(this.buckets.get(key, policy.version(), batched, () -> built));
	}

	/**
	 * A window of {@code limit} that refills whole at every UTC boundary of its period.
	 */
	private static Bandwidth bandwidth(Dimension dimension, long limit) {
		return Bandwidth.builder()
			.capacity(limit)
			.refillIntervallyAligned(limit, dimension.window(), Instant.EPOCH)
			.id(dimension.claimName())
			.build();
	}

	/** The windows of a bucket as the store left them, with the limits it holds. */
	static QuotaSnapshot windows(VerboseResult<?> result) {
		Instant at = operationTime(result);
		Bandwidth[] bandwidths = result.getConfiguration().getBandwidths();
		long[] available = result.getDiagnostics().getAvailableTokensPerEachBandwidth();
		List<Window> windows = new ArrayList<>();
		for (int i = 0; i < bandwidths.length; i++) {
			Dimension dimension = Dimension.ofClaimName(bandwidths[i].getId());
			windows.add(new Window(dimension, bandwidths[i].getCapacity(), Math.max(0, available[i]),
					dimension.windowEnd(at)));
		}
		return new QuotaSnapshot(windows);
	}

	static Instant operationTime(VerboseResult<?> result) {
		return Instant.ofEpochMilli(result.getOperationTimeNanos() / 1_000_000);
	}

	private static Dimension shortDimension(VerboseResult<ConsumptionProbe> result, long tokens) {
		Bandwidth[] bandwidths = result.getConfiguration().getBandwidths();
		long[] available = result.getDiagnostics().getAvailableTokensPerEachBandwidth();
		for (int i = 0; i < bandwidths.length; i++) {
			if (available[i] < tokens) {
				return Dimension.ofClaimName(bandwidths[i].getId());
			}
		}
		return Dimension.ofClaimName(bandwidths[0].getId());
	}

	private static GatewayException rateLimited(Caller caller, Dimension dimension, long requested,
			VerboseResult<ConsumptionProbe> result, QuotaSnapshot snapshot) {
		Duration wait = Duration.ofNanos(result.getValue().getNanosToWaitForRefill());
		Window window = snapshot.window(dimension).orElseThrow();
		String message = "Rate limit reached for " + dimension.label() + " of client '" + caller.clientId()
				+ "': limit " + window.limit() + ", remaining " + window.remaining() + ", requested " + requested
				+ ". Please try again in " + RateLimitHeaders.format(wait) + ".";
		return GatewayException.rateLimited(typeOf(dimension), dimension.claimName(), message,
				RateLimitHeaders.of(snapshot), wait);
	}

	private static String typeOf(Dimension dimension) {
		return (dimension == Dimension.REQUESTS_PER_MINUTE) ? "requests" : "tokens";
	}

	private static <T> T store(Supplier<T> operation) {
		try {
			return operation.get();
		}
		catch (GatewayException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			logger.warn("The quota store did not answer: {}", ex.getMessage());
			throw GatewayException.quotaStoreUnavailable();
		}
	}

}
