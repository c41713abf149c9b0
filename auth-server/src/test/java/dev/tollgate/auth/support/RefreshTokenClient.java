package dev.tollgate.auth.support;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tollgate.auth.client.ClientSecretGenerator;
import dev.tollgate.auth.client.ClientSecretGenerator.NewClientSecret;
import dev.tollgate.auth.support.Http.Response;
import dev.tollgate.auth.token.RefreshTokenPolicy;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

import static dev.tollgate.auth.support.Http.basic;
import static dev.tollgate.auth.support.Http.form;

/**
 * A confidential client with the refresh-token grant, and grants of a user to it, for
 * tests of refresh tokens that need no browser. The client is registered through the
 * server's {@link RegisteredClientRepository}, and each grant is arranged through its
 * {@link OAuth2AuthorizationService} as if the user had signed in and the code had been
 * exchanged, holding a refresh token the test knows. The refreshes go over HTTP.
 */
public final class RefreshTokenClient {

	public static final String SCOPE = "llm.chat";

	private static final AtomicInteger counter = new AtomicInteger();

	private final TestAuthServer server;

	private final RegisteredClient registeredClient;

	private final String authorization;

	private final Http http;

	private RefreshTokenClient(TestAuthServer server, RegisteredClient registeredClient, String secret) {
		this.server = server;
		this.registeredClient = registeredClient;
		this.authorization = basic(registeredClient.getClientId(), secret);
		this.http = new Http(server.baseUrl());
	}

	/**
	 * A client with five-minute access tokens, a one-hour chain, the server's default
	 * idle timeout and overlap.
	 */
	public static Builder builder() {
		return new Builder();
	}

	public String clientId() {
		return this.registeredClient.getClientId();
	}

	/** The client's {@code Authorization} header, for its other requests. */
	public String authorizationHeader() {
		return this.authorization;
	}

	/** A new grant of the user, holding a refresh token issued now. */
	public Grant grant(String principalName) {
		return grant(principalName, Instant.now());
	}

	/**
	 * A new grant of the user whose first refresh token was issued at {@code issuedAt},
	 * which is where its chain starts.
	 */
	public Grant grant(String principalName, Instant issuedAt) {
		String refreshToken = Pkce.randomValue();
		Instant expiresAt = issuedAt.plus(this.registeredClient.getTokenSettings().getRefreshTokenTimeToLive());
		Principal principal = UsernamePasswordAuthenticationToken.authenticated(principalName, null,
				AuthorityUtils.createAuthorityList("ROLE_USER"));
		OAuth2Authorization authorization = OAuth2Authorization.withRegisteredClient(this.registeredClient)
			.principalName(principalName)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizedScopes(Set.of(SCOPE))
			.attribute(Principal.class.getName(), principal)
			.refreshToken(new OAuth2RefreshToken(refreshToken, issuedAt, expiresAt))
			.build();
		this.server.bean(OAuth2AuthorizationService.class).save(authorization);
		return new Grant(authorization.getId(), refreshToken);
	}

	public Response refresh(String refreshToken) {
		return this.http.postForm("/oauth2/token", this.authorization,
				form("grant_type", "refresh_token", "refresh_token", refreshToken));
	}

	/** Introspects a token as this client (RFC 7662). */
	public Response introspect(String token) {
		return this.http.postForm("/oauth2/introspect", this.authorization, form("token", token));
	}

	/**
	 * One grant: the id of its authorization and its first refresh token.
	 *
	 * @param authorizationId the id of the {@code oauth2_authorization} row
	 * @param refreshToken the refresh token value
	 */
	public record Grant(String authorizationId, String refreshToken) {
	}

	/** Settings of the client; each test changes the one it is about. */
	public static final class Builder {

		private Duration accessTokenTtl = Duration.ofMinutes(5);

		private Duration refreshTokenTtl = Duration.ofHours(1);

		private Duration idleTimeout;

		private Duration reuseOverlap;

		private Builder() {
		}

		public Builder accessTokenTtl(Duration accessTokenTtl) {
			this.accessTokenTtl = accessTokenTtl;
			return this;
		}

		/** The absolute lifetime of the chain. */
		public Builder refreshTokenTtl(Duration refreshTokenTtl) {
			this.refreshTokenTtl = refreshTokenTtl;
			return this;
		}

		public Builder idleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
			return this;
		}

		public Builder reuseOverlap(Duration reuseOverlap) {
			this.reuseOverlap = reuseOverlap;
			return this;
		}

		public RefreshTokenClient register(TestAuthServer server) {
			NewClientSecret secret = server.bean(ClientSecretGenerator.class).generate();
			TokenSettings.Builder tokenSettings = TokenSettings.builder()
				.accessTokenTimeToLive(this.accessTokenTtl)
				.refreshTokenTimeToLive(this.refreshTokenTtl)
				.reuseRefreshTokens(false);
			if (this.idleTimeout != null) {
				tokenSettings.setting(RefreshTokenPolicy.IDLE_TIMEOUT_SETTING, this.idleTimeout);
			}
			if (this.reuseOverlap != null) {
				tokenSettings.setting(RefreshTokenPolicy.REUSE_OVERLAP_SETTING, this.reuseOverlap);
			}
			RegisteredClient registeredClient = RegisteredClient.withId(UUID.randomUUID().toString())
				.clientId("refresh-client-" + counter.incrementAndGet())
				.clientName("Refresh-token test client")
				.clientSecret(secret.hash())
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
				.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
				.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
				.redirectUri("http://127.0.0.1:8080/callback")
				.scope(SCOPE)
				.tokenSettings(tokenSettings.build())
				.build();
			server.bean(RegisteredClientRepository.class).save(registeredClient);
			return new RefreshTokenClient(server,
					server.bean(RegisteredClientRepository.class).findByClientId(registeredClient.getClientId()),
					secret.value());
		}

	}

}
