package dev.tollgate.gateway.quota;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.RemoteBucketBuilder;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;

/**
 * One Bucket4j proxy per bucket and policy version, kept, with Bucket4j's batching
 * optimization where asked: calls that reach the same bucket while a database round trip
 * is under way are sent together in the next one, one transaction for the lot, and each
 * is still applied exactly. The batching lives in the proxy, so a proxy built per call
 * would never batch; the batching is exact, so every replica still shares one budget per
 * client to the token.
 * <p>
 * A new policy version builds a new proxy, whose first call replaces the stored
 * configuration. Bounded: when full, every proxy is dropped and built again on its next
 * use, which costs nothing in the database.
 */
final class BucketProxies {

	static final int CAPACITY = 100_000;

	private final ProxyManager<String> buckets;

	private final Map<String, Versioned> proxies = new ConcurrentHashMap<>();

	BucketProxies(ProxyManager<String> buckets) {
		this.buckets = buckets;
	}

	/**
	 * @param batched whether calls may share a round trip; a batched call's verbose
	 * answer may show the bucket as later calls of its batch left it
	 */
	BucketProxy get(String key, long version, boolean batched, Supplier<BucketConfiguration> configuration) {
		String proxyKey = batched ? key + "#batched" : key;
		Versioned known = this.proxies.get(proxyKey);
		if (known != null && known.version() == version) {
			return known.proxy();
		}
		RemoteBucketBuilder<String> builder = this.buckets.builder()
			.withImplicitConfigurationReplacement(version, TokensInheritanceStrategy.ADDITIVE);
		if (batched) {
			builder = builder.withOptimization(Optimizations.batching());
		}
		BucketProxy proxy = builder.build(key, configuration);
		if (this.proxies.size() >= CAPACITY) {
			this.proxies.clear();
		}
		this.proxies.put(proxyKey, new Versioned(version, proxy));
		return proxy;
	}

	private record Versioned(long version, BucketProxy proxy) {
	}

}
