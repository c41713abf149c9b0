package dev.tollgate.auth.authorization;

import org.springframework.data.jpa.repository.JpaRepository;

interface ConsentEntityRepository extends JpaRepository<ConsentEntity, ConsentEntity.Key> {

}
