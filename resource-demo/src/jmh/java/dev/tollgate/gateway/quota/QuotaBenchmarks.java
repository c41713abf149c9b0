package dev.tollgate.gateway.quota;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The gateway's quota check of one chat completion, as {@link QuotaService} makes it:
 * one request counted, prompt + {@code max_tokens} reserved, the unused part given back,
 * against Bucket4j buckets in a real PostgreSQL (embedded), from 16 threads at once on
 * one client, as the load run's 16 connections do. {@link #reserveAndSettle} is the
 * service; {@link #reserveAndSettleWithProxyPerCall} builds a Bucket4j proxy per call and
 * so never batches, which is what the service did before {@link BucketProxies}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(16)
public class QuotaBenchmarks {

	private static final long RESERVED = 40;

	private static final long USED = 25;

	private EmbeddedPostgres postgres;

	private PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;

	private QuotaService quota;

	private Caller caller;

	@Setup
	public void setUp() throws IOException {
		this.postgres = EmbeddedPostgres.builder().start();
		Flyway.configure()
			.dataSource(this.postgres.getPostgresDatabase())
			.locations("classpath:db/gateway")
			.table("gateway_schema_history")
			.load()
			.migrate();
		this.buckets = new QuotaConfiguration().quotaBuckets(this.postgres.getPostgresDatabase());
		this.quota = new QuotaService(this.buckets);
		Map<Dimension, Long> limits = Map.of(Dimension.REQUESTS_PER_MINUTE, 1_000_000_000L,
				Dimension.TOKENS_PER_MINUTE, 1_000_000_000L, Dimension.TOKENS_PER_DAY, 100_000_000_000L);
		this.caller = new Caller("bench-" + UUID.randomUUID(), new LlmPolicy("bench", 1, limits, 4096L, null));
	}

	@TearDown
	public void tearDown() throws IOException {
		this.postgres.close();
	}

	@Benchmark
	public QuotaSnapshot reserveAndSettle() {
		Reservation reservation = this.quota.reserve(this.caller, RESERVED);
		return this.quota.settle(reservation, USED);
	}

	@Benchmark
	public long reserveAndSettleWithProxyPerCall() {
		BucketProxy requests = proxy("requests:" + this.caller.clientId(), Dimension.REQUESTS_PER_MINUTE);
		requests.asVerbose().tryConsumeAndReturnRemaining(1);
		BucketProxy tokens = proxy("tokens:" + this.caller.clientId(), Dimension.TOKENS_PER_MINUTE,
				Dimension.TOKENS_PER_DAY);
		tokens.asVerbose().tryConsumeAndReturnRemaining(RESERVED);
		return tokens.asVerbose().addTokens(RESERVED - USED).getOperationTimeNanos();
	}

	private BucketProxy proxy(String key, Dimension... dimensions) {
		var configuration = BucketConfiguration.builder();
		for (Dimension dimension : dimensions) {
			long limit = this.caller.policy().limit(dimension).orElseThrow();
			configuration.addLimit(Bandwidth.builder()
				.capacity(limit)
				.refillIntervallyAligned(limit, dimension.window(), Instant.EPOCH)
				.id(dimension.claimName())
				.build());
		}
		BucketConfiguration built = configuration.build();
		return this.buckets.builder()
			.withImplicitConfigurationReplacement(this.caller.policy().version(), TokensInheritanceStrategy.ADDITIVE)
			.build(key + ":per-call", () -> built);
	}

}
