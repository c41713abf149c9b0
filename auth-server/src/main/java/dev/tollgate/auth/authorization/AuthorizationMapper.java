package dev.tollgate.auth.authorization;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.tollgate.auth.token.RefreshTokenPolicy;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

import org.springframework.security.jackson.SecurityJacksonModules;
import org.springframework.security.oauth2.core.AbstractOAuth2Token;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.util.StringUtils;

/**
 * Converts between {@link OAuth2Authorization} and {@link AuthorizationEntity}.
 * <p>
 * The row holds hashes, not token values. Loading a row for a presented token puts that
 * token's value back in place, so that Spring Authorization Server's
 * {@code authorization.getToken(value)} finds it; every other token of the row carries a
 * stand-in made from its hash, which is written back unchanged when the authorization is
 * saved again.
 * <p>
 * Two attributes have columns of their own rather than a place in the attributes JSON:
 * {@code state}, stored as a hash, and the start of the refresh-token chain
 * ({@link RefreshTokenPolicy#CHAIN_ISSUED_AT_ATTRIBUTE}), which is set once, when the
 * first refresh token is saved, and never moved by rotation.
 */
class AuthorizationMapper {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	/**
	 * Spring Security's modules with their allow-list of types, plus the number types
	 * that claims hold inside nested objects (the {@code llm} claim's limits), and
	 * {@code String[]}, which is how Spring Authorization Server keeps a parameter given
	 * more than once in an authorization request (such as two RFC 8707 {@code resource}
	 * values); all of them carry type ids.
	 */
	private final JsonMapper json = JsonMapper.builder()
		.addModules(SecurityJacksonModules.getModules(AuthorizationMapper.class.getClassLoader(),
				BasicPolymorphicTypeValidator.builder()
					.allowIfSubType(Long.class)
					.allowIfSubType(Double.class)
					.allowIfSubType(String[].class)))
		.build();

	/**
	 * Marks an authorization read from its row. Spring Authorization Server changes a
	 * stored authorization only by copying one that was read ({@code from}), which keeps
	 * its attributes; an authorization without the mark is new, and saving it needs no
	 * read of its row first. Never stored itself.
	 */
	static final String STORED_ATTRIBUTE = AuthorizationMapper.class.getName() + ".STORED";

	static boolean isStored(OAuth2Authorization authorization) {
		return Boolean.TRUE.equals(authorization.getAttribute(STORED_ATTRIBUTE));
	}

	void copy(OAuth2Authorization authorization, AuthorizationEntity entity) {
		entity.id = authorization.getId();
		entity.registeredClientId = authorization.getRegisteredClientId();
		entity.principalName = authorization.getPrincipalName();
		entity.authorizationGrantType = authorization.getAuthorizationGrantType().getValue();
		entity.authorizedScopes = String.join(" ", authorization.getAuthorizedScopes());

		Map<String, Object> attributes = new HashMap<>(authorization.getAttributes());
		attributes.remove(STORED_ATTRIBUTE);
		Object state = attributes.remove(OAuth2ParameterNames.STATE);
		entity.stateHash = (state != null) ? TokenHash.ofHeldValue(state.toString()) : null;
		attributes.remove(RefreshTokenPolicy.CHAIN_ISSUED_AT_ATTRIBUTE);
		entity.attributes = this.json.writeValueAsString(attributes);

		entity.authorizationCode = columns(authorization.getToken(OAuth2AuthorizationCode.class));
		entity.userCode = columns(authorization.getToken(OAuth2UserCode.class));
		entity.deviceCode = columns(authorization.getToken(OAuth2DeviceCode.class));
		copyRefreshedTokens(authorization, entity);
	}

	/**
	 * Copies only what the refresh-token grant changes: the access, ID and refresh tokens
	 * and the start of the refresh-token chain.
	 */
	void copyRefreshedTokens(OAuth2Authorization authorization, AuthorizationEntity entity) {
		Instant chainIssuedAt = authorization.getAttribute(RefreshTokenPolicy.CHAIN_ISSUED_AT_ATTRIBUTE);
		entity.refreshTokenChainIssuedAt = chainIssuedAt(chainIssuedAt, entity, authorization.getRefreshToken());
		entity.accessToken = columns(authorization.getAccessToken());
		entity.oidcIdToken = columns(authorization.getToken(OidcIdToken.class));
		entity.refreshToken = columns(authorization.getRefreshToken());

		OAuth2Authorization.Token<OAuth2AccessToken> accessToken = authorization.getAccessToken();
		entity.accessTokenType = (accessToken != null) ? accessToken.getToken().getTokenType().getValue() : null;
		entity.accessTokenScopes = (accessToken != null) ? String.join(" ", accessToken.getToken().getScopes()) : null;
	}

	/**
	 * @param presentedHash the hash of the token value the caller looked the row up by,
	 * or {@code null} when it was looked up by id
	 * @param presentedValue that token value
	 */
	OAuth2Authorization toAuthorization(AuthorizationEntity entity, RegisteredClient registeredClient,
			String presentedHash, String presentedValue) {
		Function<String, String> value = (hash) -> hash.equals(presentedHash) ? presentedValue
				: TokenHash.standIn(hash);

		OAuth2Authorization.Builder builder = OAuth2Authorization.withRegisteredClient(registeredClient)
			.id(entity.id)
			.principalName(entity.principalName)
			.authorizationGrantType(new AuthorizationGrantType(entity.authorizationGrantType))
			.authorizedScopes(split(entity.authorizedScopes))
			.attributes((attributes) -> attributes.putAll(readMap(entity.attributes)))
			.attribute(STORED_ATTRIBUTE, Boolean.TRUE);
		if (entity.stateHash != null) {
			builder.attribute(OAuth2ParameterNames.STATE, value.apply(entity.stateHash));
		}
		if (entity.refreshTokenChainIssuedAt != null) {
			builder.attribute(RefreshTokenPolicy.CHAIN_ISSUED_AT_ATTRIBUTE, entity.refreshTokenChainIssuedAt);
		}

		token(builder, entity.authorizationCode,
				(c) -> new OAuth2AuthorizationCode(value.apply(c.hash), c.issuedAt, c.expiresAt));
		token(builder, entity.accessToken, (c) -> new OAuth2AccessToken(tokenType(entity.accessTokenType),
				value.apply(c.hash), c.issuedAt, c.expiresAt, split(entity.accessTokenScopes)));
		token(builder, entity.oidcIdToken,
				(c) -> new OidcIdToken(value.apply(c.hash), c.issuedAt, c.expiresAt, claims(readMap(c.metadata))));
		token(builder, entity.refreshToken,
				(c) -> new OAuth2RefreshToken(value.apply(c.hash), c.issuedAt, c.expiresAt));
		token(builder, entity.userCode, (c) -> new OAuth2UserCode(value.apply(c.hash), c.issuedAt, c.expiresAt));
		token(builder, entity.deviceCode, (c) -> new OAuth2DeviceCode(value.apply(c.hash), c.issuedAt, c.expiresAt));
		return builder.build();
	}

	private static Instant chainIssuedAt(Instant fromAttribute, AuthorizationEntity entity,
			OAuth2Authorization.Token<OAuth2RefreshToken> refreshToken) {
		if (fromAttribute != null) {
			return fromAttribute;
		}
		if (entity.refreshTokenChainIssuedAt != null || refreshToken == null) {
			return entity.refreshTokenChainIssuedAt;
		}
		return refreshToken.getToken().getIssuedAt();
	}

	private <T extends OAuth2Token> TokenColumns columns(OAuth2Authorization.Token<T> token) {
		if (token == null) {
			return null;
		}
		T value = token.getToken();
		return new TokenColumns(TokenHash.ofHeldValue(value.getTokenValue()), value.getIssuedAt(), value.getExpiresAt(),
				this.json.writeValueAsString(token.getMetadata()));
	}

	private void token(OAuth2Authorization.Builder builder, TokenColumns columns,
			Function<TokenColumns, ? extends AbstractOAuth2Token> factory) {
		if (columns == null || columns.hash == null) {
			return;
		}
		Map<String, Object> metadata = readMap(columns.metadata);
		builder.token(factory.apply(columns), (m) -> m.putAll(metadata));
	}

	/** Whether the stored token's metadata marks it invalidated (revoked). */
	boolean isInvalidated(TokenColumns columns) {
		if (columns == null || columns.hash == null) {
			return false;
		}
		return Boolean.TRUE.equals(readMap(columns.metadata).get(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME));
	}

	private Map<String, Object> readMap(String data) {
		return StringUtils.hasText(data) ? this.json.readValue(data, MAP) : Map.of();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> claims(Map<String, Object> metadata) {
		return (Map<String, Object>) metadata.get(OAuth2Authorization.Token.CLAIMS_METADATA_NAME);
	}

	private static OAuth2AccessToken.TokenType tokenType(String value) {
		return OAuth2AccessToken.TokenType.DPOP.getValue().equalsIgnoreCase(value) ? OAuth2AccessToken.TokenType.DPOP
				: OAuth2AccessToken.TokenType.BEARER;
	}

	private static Set<String> split(String value) {
		if (!StringUtils.hasText(value)) {
			return Set.of();
		}
		return Arrays.stream(value.trim().split(" +")).collect(Collectors.toCollection(LinkedHashSet::new));
	}

}
