package dev.tollgate.auth.key;

import java.util.Collection;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface SigningKeyRepository extends JpaRepository<SigningKeyEntity, String> {

	List<SigningKeyEntity> findByStateInOrderByCreatedAtDesc(Collection<SigningKeyState> states);

	/**
	 * Serialises key-set changes across every instance on the database for the rest of
	 * the current transaction.
	 */
	@Query(value = "select true from pg_advisory_xact_lock(7710381)", nativeQuery = true)
	Boolean lockKeySet();

}
