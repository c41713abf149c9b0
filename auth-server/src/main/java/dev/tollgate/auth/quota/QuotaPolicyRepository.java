package dev.tollgate.auth.quota;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface QuotaPolicyRepository extends JpaRepository<QuotaPolicyEntity, String> {

	/** The channel on which every instance hears that a quota policy has changed. */
	String CHANGES_CHANNEL = "tollgate_quota_policy";

	@Query(value = "select nextval('quota_policy_version_seq')", nativeQuery = true)
	long nextVersion();

	/**
	 * Tells every instance listening on {@value #CHANGES_CHANNEL} to forget the policy of
	 * that client once the current transaction commits.
	 */
	@Query(value = "select true from pg_notify('" + CHANGES_CHANNEL + "', :registeredClientId)", nativeQuery = true)
	Boolean notifyChanged(@Param("registeredClientId") String registeredClientId);

}
