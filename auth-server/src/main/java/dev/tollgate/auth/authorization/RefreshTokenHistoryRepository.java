package dev.tollgate.auth.authorization;

import org.springframework.data.jpa.repository.JpaRepository;

interface RefreshTokenHistoryRepository extends JpaRepository<RefreshTokenHistoryEntity, String> {

}
