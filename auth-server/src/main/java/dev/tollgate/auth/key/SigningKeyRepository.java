package dev.tollgate.auth.key;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface SigningKeyRepository extends JpaRepository<SigningKeyEntity, String> {

	/** The channel on which every instance hears that the key set has changed. */
	String CHANGES_CHANNEL = "tollgate_signing_key";

	List<SigningKeyEntity> findByStateInOrderByCreatedAtDesc(Collection<SigningKeyState> states);

	List<SigningKeyEntity> findAllByOrderByCreatedAtDesc();

	boolean existsByKidAndStateNot(String kid, SigningKeyState state);

	/**
	 * Serialises key-set changes across every instance on the database for the rest of
	 * the current transaction.
	 */
	@Query(value = "select true from pg_advisory_xact_lock(7710381)", nativeQuery = true)
	Boolean lockKeySet();

	/**
	 * The database's clock, which every instance shares: key timestamps and the schedule
	 * are read from it, so instances whose clocks differ still agree on what is due.
	 */
	@Query(value = "select clock_timestamp()", nativeQuery = true)
	Instant databaseTime();

	/**
	 * Tells every instance listening on {@value #CHANGES_CHANNEL} to reload the key set
	 * once the current transaction commits (nothing is sent if it rolls back).
	 */
	@Query(value = "select true from pg_notify('" + CHANGES_CHANNEL + "', '')", nativeQuery = true)
	Boolean notifyKeySetChanged();

	/**
	 * The longest access-token lifetime of any registered client, read from the client
	 * table directly: the key lifecycle needs this one number of it.
	 */
	@Query(value = "select coalesce(max(access_token_ttl_seconds), 0) from registered_client", nativeQuery = true)
	long longestAccessTokenTtlSeconds();

}
