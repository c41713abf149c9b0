package dev.tollgate.auth.client;

import java.time.Duration;
import java.util.function.Supplier;

import dev.tollgate.auth.database.ReadThroughCache;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Registered clients as last read, by row id and by {@code client_id}: the token endpoint
 * looks up the client of every request (RFC 6749 section 3.2.1), and this spares that
 * read of the database. Unknown client ids are not remembered, so a new client works at
 * once and guessed ids cost no memory. {@link JpaRegisteredClientRepository} evicts on
 * every write, here and through a notification on every other instance.
 */
final class RegisteredClientCache {

	/** How long an entry may serve if no notification of its change arrives. */
	static final Duration TIME_TO_LIVE = Duration.ofSeconds(60);

	private static final int CAPACITY = 10_000;

	private final ReadThroughCache<RegisteredClient> byId = new ReadThroughCache<>(TIME_TO_LIVE, CAPACITY);

	private final ReadThroughCache<RegisteredClient> byClientId = new ReadThroughCache<>(TIME_TO_LIVE, CAPACITY);

	RegisteredClient findById(String id, Supplier<RegisteredClient> read) {
		return this.byId.get(id, read);
	}

	RegisteredClient findByClientId(String clientId, Supplier<RegisteredClient> read) {
		return this.byClientId.get(clientId, read);
	}

	/** Forgets the client of that row id, whatever its {@code client_id} was. */
	void evict(String id) {
		this.byId.evict(id);
		this.byClientId.evictIf((client) -> client.getId().equals(id));
	}

	void clear() {
		this.byId.clear();
		this.byClientId.clear();
	}

}
