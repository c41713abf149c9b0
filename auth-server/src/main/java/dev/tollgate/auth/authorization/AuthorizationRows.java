package dev.tollgate.auth.authorization;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads and the rotation write of {@code oauth2_authorization} in plain JDBC, each one
 * statement under auto-commit: a token lookup (introspection, the refresh grant) is one
 * round trip, without a transaction, Hibernate's persistence context or a connection held
 * longer than the statement.
 * <p>
 * Each row read carries its version, PostgreSQL's {@code xmin}: the transaction that last
 * wrote the row. Every write changes it, whoever writes (this class, JPA, a revocation,
 * another instance); a lock alone ({@code select ... for update}) does not.
 * {@link #rotate} writes only if the row still has the version it was read with, so a
 * rotation decided on a row read without a lock is lost, not applied, when anything
 * changed the row meanwhile.
 */
final class AuthorizationRows {

	private static final String SELECT = "select xmin::text as row_version, "
			+ String.join(", ", AuthorizationInserts.COLUMNS) + " from oauth2_authorization where ";

	/** The token hash columns in the order of how often each kind is presented. */
	private static final List<String> TOKEN_HASH_COLUMNS = List.of("access_token_hash", "refresh_token_hash",
			"authorization_code_hash", "oidc_id_token_hash", "state_hash", "user_code_hash", "device_code_hash");

	/**
	 * A token of unknown type: one index probe per kind, in that order, stopping at the
	 * first hit, so that an introspected access token costs one probe.
	 */
	private static final String SELECT_BY_ANY_TOKEN_HASH = TOKEN_HASH_COLUMNS.stream()
		.map((column) -> "(" + SELECT + column + " = ?)")
		.collect(Collectors.joining(" union all ", "", " limit 1"));

	/**
	 * The new tokens of a refresh, written only on the row version that was read, and the
	 * rotated-out refresh token recorded in the history in the same statement: both or
	 * neither. The columns a refresh does not change (attributes, the code, the grant)
	 * are not written, so their stored values stay where they are.
	 */
	private static final String ROTATE = """
			with rotated as (
			    update oauth2_authorization set
			        access_token_hash = ?, access_token_issued_at = ?, access_token_expires_at = ?,
			        access_token_metadata = ?, access_token_type = ?, access_token_scopes = ?,
			        oidc_id_token_hash = ?, oidc_id_token_issued_at = ?, oidc_id_token_expires_at = ?,
			        oidc_id_token_metadata = ?,
			        refresh_token_hash = ?, refresh_token_issued_at = ?, refresh_token_expires_at = ?,
			        refresh_token_metadata = ?,
			        refresh_token_chain_issued_at = ?, retained_until = ?, updated_at = ?
			    where id = ? and xmin = ?::xid
			    returning id)
			insert into oauth2_refresh_token_history (refresh_token_hash, authorization_id, replaced_by_hash, rotated_at)
			select ?, id, ?, ? from rotated""";

	private final JdbcTemplate jdbc;

	AuthorizationRows(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @param column a token hash column of {@code oauth2_authorization}
	 */
	Optional<VersionedRow> findByTokenHash(String column, String hash) {
		return first(this.jdbc.query(SELECT + column + " = ?", AuthorizationRows::row, hash));
	}

	Optional<VersionedRow> findByAnyTokenHash(String hash) {
		Object[] hashes = Collections.nCopies(TOKEN_HASH_COLUMNS.size(), hash).toArray();
		return first(this.jdbc.query(SELECT_BY_ANY_TOKEN_HASH, AuthorizationRows::row, hashes));
	}

	/**
	 * Writes the rotated tokens of {@code after} on the row of {@code before} if its
	 * version is still {@code before}'s, and records {@code before}'s refresh token as
	 * replaced by {@code after}'s.
	 * @return whether it wrote; {@code false} when the row changed since it was read
	 */
	boolean rotate(VersionedRow before, AuthorizationEntity after, Instant now) {
		return this.jdbc.update(ROTATE, (statement) -> bindRotation(statement, before, after, now)) == 1;
	}

	private static void bindRotation(PreparedStatement statement, VersionedRow before, AuthorizationEntity after,
			Instant now) throws SQLException {
		int index = AuthorizationInserts.bind(statement, 1, after.accessToken);
		statement.setString(index++, after.accessTokenType);
		statement.setString(index++, after.accessTokenScopes);
		index = AuthorizationInserts.bind(statement, index, after.oidcIdToken);
		index = AuthorizationInserts.bind(statement, index, after.refreshToken);
		AuthorizationInserts.setInstant(statement, index++, after.refreshTokenChainIssuedAt);
		AuthorizationInserts.setInstant(statement, index++, after.retainedUntil);
		AuthorizationInserts.setInstant(statement, index++, after.updatedAt);
		statement.setString(index++, before.entity().id);
		statement.setString(index++, before.version());
		statement.setString(index++, before.entity().refreshToken.hash);
		statement.setString(index++, after.refreshToken.hash);
		AuthorizationInserts.setInstant(statement, index, now);
	}

	private static VersionedRow row(ResultSet rows, int rowNumber) throws SQLException {
		AuthorizationEntity entity = new AuthorizationEntity();
		entity.id = rows.getString("id");
		entity.registeredClientId = rows.getString("registered_client_id");
		entity.principalName = rows.getString("principal_name");
		entity.authorizationGrantType = rows.getString("authorization_grant_type");
		entity.authorizedScopes = rows.getString("authorized_scopes");
		entity.attributes = rows.getString("attributes");
		entity.stateHash = rows.getString("state_hash");
		entity.authorizationCode = token(rows, "authorization_code");
		entity.accessToken = token(rows, "access_token");
		entity.accessTokenType = rows.getString("access_token_type");
		entity.accessTokenScopes = rows.getString("access_token_scopes");
		entity.oidcIdToken = token(rows, "oidc_id_token");
		entity.refreshToken = token(rows, "refresh_token");
		entity.userCode = token(rows, "user_code");
		entity.deviceCode = token(rows, "device_code");
		entity.refreshTokenChainIssuedAt = instant(rows, "refresh_token_chain_issued_at");
		entity.retainedUntil = instant(rows, "retained_until");
		entity.createdAt = instant(rows, "created_at");
		entity.updatedAt = instant(rows, "updated_at");
		return new VersionedRow(entity, rows.getString("row_version"));
	}

	/**
	 * {@code null} for a token kind the row does not hold, as JPA loads an embeddable.
	 */
	private static TokenColumns token(ResultSet rows, String prefix) throws SQLException {
		String hash = rows.getString(prefix + "_hash");
		Instant issuedAt = instant(rows, prefix + "_issued_at");
		Instant expiresAt = instant(rows, prefix + "_expires_at");
		String metadata = rows.getString(prefix + "_metadata");
		if (hash == null && issuedAt == null && expiresAt == null && metadata == null) {
			return null;
		}
		return new TokenColumns(hash, issuedAt, expiresAt, metadata);
	}

	private static Instant instant(ResultSet rows, String column) throws SQLException {
		OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static Optional<VersionedRow> first(List<VersionedRow> rows) {
		return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
	}

	/** A row as read, with the version {@link #rotate} checks. */
	record VersionedRow(AuthorizationEntity entity, String version) {
	}

}
