package dev.tollgate.auth.authorization;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Inserts new authorizations with plain JDBC, the rows of concurrent callers in one
 * multi-row {@code INSERT} and one commit ({@link GroupCommit}): the token endpoint's one
 * write per token, without Hibernate's persist and flush and without a transaction per
 * token. Each caller returns only when its row is committed, so a token is never answered
 * before it can be introspected or revoked, and a database failure fails the request.
 * <p>
 * NOTE: a request whose row arrives while another group is being written waits for that
 * write and then its own, so a slow disk adds up to two commits to its latency.
 * <p>
 * NOTE: the column list is written out here as well as in {@link AuthorizationEntity} and
 * {@link AuthorizationRows}; a column added to {@code oauth2_authorization} must be added
 * to all three.
 */
final class AuthorizationInserts {

	/**
	 * 16 connections' rows in one statement, far under PostgreSQL's 65,535 parameters.
	 */
	static final int MAX_ROWS_PER_INSERT = 64;

	/**
	 * One insert under way at a time: the callers that arrive during its commit make up
	 * the next group. Two at once were measured too (ES256, 16 connections): as many
	 * tokens a second, with twice the transactions.
	 */
	static final int CONCURRENT_INSERTS = 1;

	/** Every column of {@code oauth2_authorization}, in the order of the schema. */
	static final List<String> COLUMNS = List.of("id", "registered_client_id", "principal_name",
			"authorization_grant_type", "authorized_scopes", "attributes", "state_hash", "authorization_code_hash",
			"authorization_code_issued_at", "authorization_code_expires_at", "authorization_code_metadata",
			"access_token_hash", "access_token_issued_at", "access_token_expires_at", "access_token_metadata",
			"access_token_type", "access_token_scopes", "oidc_id_token_hash", "oidc_id_token_issued_at",
			"oidc_id_token_expires_at", "oidc_id_token_metadata", "refresh_token_hash", "refresh_token_issued_at",
			"refresh_token_expires_at", "refresh_token_metadata", "user_code_hash", "user_code_issued_at",
			"user_code_expires_at", "user_code_metadata", "device_code_hash", "device_code_issued_at",
			"device_code_expires_at", "device_code_metadata", "refresh_token_chain_issued_at", "retained_until",
			"created_at", "updated_at");

	private static final String INSERT = "insert into oauth2_authorization (" + String.join(", ", COLUMNS)
			+ ") values ";

	private static final String ROW = "(" + String.join(", ", Collections.nCopies(COLUMNS.size(), "?")) + ")";

	private final JdbcTemplate jdbc;

	private final GroupCommit<AuthorizationEntity> group;

	AuthorizationInserts(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		this.group = new GroupCommit<>(this::insert, MAX_ROWS_PER_INSERT, CONCURRENT_INSERTS,
				DataIntegrityViolationException.class::isInstance);
	}

	/** Inserts the row with those of concurrent callers; returns once it is committed. */
	void insert(AuthorizationEntity entity) {
		this.group.write(entity);
	}

	/**
	 * One statement outside any transaction of the caller's: with auto-commit it commits
	 * all rows or none.
	 */
	private void insert(List<AuthorizationEntity> entities) {
		String sql = INSERT + String.join(", ", Collections.nCopies(entities.size(), ROW));
		this.jdbc.update(sql, (statement) -> {
			int index = 1;
			for (AuthorizationEntity entity : entities) {
				index = bind(statement, index, entity);
			}
		});
	}

	private static int bind(PreparedStatement statement, int index, AuthorizationEntity entity) throws SQLException {
		statement.setString(index++, entity.id);
		statement.setString(index++, entity.registeredClientId);
		statement.setString(index++, entity.principalName);
		statement.setString(index++, entity.authorizationGrantType);
		statement.setString(index++, entity.authorizedScopes);
		statement.setString(index++, entity.attributes);
		statement.setString(index++, entity.stateHash);
		for (TokenColumns token : new TokenColumns[] { entity.authorizationCode, entity.accessToken }) {
			index = bind(statement, index, token);
		}
		statement.setString(index++, entity.accessTokenType);
		statement.setString(index++, entity.accessTokenScopes);
		for (TokenColumns token : new TokenColumns[] { entity.oidcIdToken, entity.refreshToken, entity.userCode,
				entity.deviceCode }) {
			index = bind(statement, index, token);
		}
		for (Instant instant : new Instant[] { entity.refreshTokenChainIssuedAt, entity.retainedUntil, entity.createdAt,
				entity.updatedAt }) {
			setInstant(statement, index++, instant);
		}
		return index;
	}

	static int bind(PreparedStatement statement, int index, TokenColumns token) throws SQLException {
		boolean present = token != null;
		statement.setString(index++, present ? token.hash : null);
		setInstant(statement, index++, present ? token.issuedAt : null);
		setInstant(statement, index++, present ? token.expiresAt : null);
		statement.setString(index++, present ? token.metadata : null);
		return index;
	}

	static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
		if (instant == null) {
			statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
			return;
		}
		statement.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
	}

}
