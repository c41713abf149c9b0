package dev.tollgate.auth.client;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface RegisteredClientEntityRepository extends JpaRepository<RegisteredClientEntity, String> {

	/** The channel on which every instance hears that a registered client has changed. */
	String CHANGES_CHANNEL = "tollgate_registered_client";

	Optional<RegisteredClientEntity> findByClientId(String clientId);

	List<RegisteredClientEntity> findByClientIdGreaterThanOrderByClientIdAsc(String clientId, Limit limit);

	/**
	 * Tells every instance listening on {@value #CHANGES_CHANNEL} to forget the client of
	 * row {@code id} once the current transaction commits (nothing is sent if it rolls
	 * back).
	 */
	@Query(value = "select true from pg_notify('" + CHANGES_CHANNEL + "', :id)", nativeQuery = true)
	Boolean notifyChanged(@Param("id") String id);

}
