package dev.tollgate.auth.authorization;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface AuthorizationEntityRepository extends JpaRepository<AuthorizationEntity, String> {

	Optional<AuthorizationEntity> findByStateHash(String hash);

	Optional<AuthorizationEntity> findByAuthorizationCodeHash(String hash);

	Optional<AuthorizationEntity> findByAccessTokenHash(String hash);

	Optional<AuthorizationEntity> findByOidcIdTokenHash(String hash);

	Optional<AuthorizationEntity> findByRefreshTokenHash(String hash);

	Optional<AuthorizationEntity> findByUserCodeHash(String hash);

	Optional<AuthorizationEntity> findByDeviceCodeHash(String hash);

	/**
	 * A token of unknown type (introspection or revocation without
	 * {@code token_type_hint}): each column has its own unique index, which PostgreSQL
	 * combines with a bitmap OR.
	 */
	@Query("""
			select a from AuthorizationEntity a
			where a.stateHash = :hash or a.authorizationCode.hash = :hash or a.accessToken.hash = :hash
			or a.oidcIdToken.hash = :hash or a.refreshToken.hash = :hash or a.userCode.hash = :hash
			or a.deviceCode.hash = :hash""")
	Optional<AuthorizationEntity> findByAnyTokenHash(@Param("hash") String hash);

}
