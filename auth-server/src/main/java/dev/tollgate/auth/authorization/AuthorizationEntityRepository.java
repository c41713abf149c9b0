package dev.tollgate.auth.authorization;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * The JPA side of {@code oauth2_authorization}: saves, the locked reads of the refresh
 * grant and revocations, and the queries of the admin API and the cleanup. Lookups by
 * token hash are plain JDBC ({@link AuthorizationRows}).
 */
interface AuthorizationEntityRepository extends JpaRepository<AuthorizationEntity, String> {

	/**
	 * The row whose current refresh token has the hash, locked until the transaction
	 * ends. A request that waits for the lock while another rotates the token finds
	 * nothing once it gets it: PostgreSQL checks the condition again on the row as the
	 * other transaction left it.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select a from AuthorizationEntity a where a.refreshToken.hash = :hash")
	Optional<AuthorizationEntity> findForUpdateByRefreshTokenHash(@Param("hash") String hash);

	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select a from AuthorizationEntity a where a.id = :id")
	Optional<AuthorizationEntity> findForUpdateById(@Param("id") String id);

	/**
	 * Deletes up to {@code limit} rows retained until before {@code now}. Rows that
	 * another transaction holds, a refresh in progress or another instance's cleanup, are
	 * skipped rather than waited for.
	 */
	@Modifying
	@Query(nativeQuery = true, value = """
			delete from oauth2_authorization where id in (
			    select id from oauth2_authorization where retained_until < :now
			    order by retained_until limit :limit for update skip locked)""")
	int deleteRetainedUntilBefore(@Param("now") Instant now, @Param("limit") int limit);

	/**
	 * The ids of the client's authorizations that hold a token not yet expired; whether
	 * it is still valid, the caller checks on the loaded row.
	 */
	@Query(nativeQuery = true, value = """
			select id from oauth2_authorization where registered_client_id = :registeredClientId
			and greatest(authorization_code_expires_at, access_token_expires_at, oidc_id_token_expires_at,
			             refresh_token_expires_at, user_code_expires_at, device_code_expires_at) > :now""")
	List<String> findIdsWithTokensAliveByRegisteredClientId(@Param("registeredClientId") String registeredClientId,
			@Param("now") Instant now);

	/**
	 * Like {@link #findIdsWithTokensAliveByRegisteredClientId} for the grants of a user:
	 * the client_credentials grant is left out, where the principal is the client itself.
	 */
	@Query(nativeQuery = true, value = """
			select id from oauth2_authorization where principal_name = :principalName
			and authorization_grant_type <> 'client_credentials'
			and greatest(authorization_code_expires_at, access_token_expires_at, oidc_id_token_expires_at,
			             refresh_token_expires_at, user_code_expires_at, device_code_expires_at) > :now""")
	List<String> findIdsWithTokensAliveByPrincipalName(@Param("principalName") String principalName,
			@Param("now") Instant now);

}
