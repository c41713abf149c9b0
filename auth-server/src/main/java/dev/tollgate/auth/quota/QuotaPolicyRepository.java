package dev.tollgate.auth.quota;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface QuotaPolicyRepository extends JpaRepository<QuotaPolicyEntity, String> {

	@Query(value = "select nextval('quota_policy_version_seq')", nativeQuery = true)
	long nextVersion();

}
