package dev.tollgate.bench.jmh;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.tollgate.auth.AuthServerApplication;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContext;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.DefaultOAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * One access token through Tollgate's real token generator, in a running auth-server
 * (profile {@code local}, PostgreSQL from {@link BenchDatabase}): Spring Authorization
 * Server's {@code JwtGenerator}, Tollgate's customizer with the {@code llm} claim of
 * {@code demo-service}'s quota policy, and the active-key encoder. What this costs beyond
 * {@link SigningBenchmarks#sign} is Tollgate's own work per token.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TokenGenerationBenchmarks {

	@Param({ "RS256", "ES256" })
	public String algorithm;

	private ConfigurableApplicationContext application;

	private OAuth2TokenGenerator<? extends OAuth2Token> generator;

	private OAuth2TokenContext context;

	@Setup
	public void setUp() {
		String database = "bench_jmh_" + this.algorithm.toLowerCase();
		this.application = SpringApplication.run(AuthServerApplication.class, "--server.port=0",
				"--spring.datasource.url=" + BenchDatabase.url(database), "--spring.datasource.username=postgres",
				"--tollgate.keys.algorithm=" + this.algorithm, "--logging.level.root=warn");
		this.generator = this.application.getBean(OAuth2TokenGenerator.class);
		RegisteredClient client = this.application.getBean(RegisteredClientRepository.class)
			.findByClientId("demo-service");
		this.context = clientCredentialsContext(client);
	}

	@TearDown
	public void tearDown() {
		this.application.close();
	}

	@Benchmark
	public OAuth2Token generateAccessToken() {
		return this.generator.generate(this.context);
	}

	private static OAuth2TokenContext clientCredentialsContext(RegisteredClient client) {
		OAuth2ClientAuthenticationToken principal = new OAuth2ClientAuthenticationToken(client,
				ClientAuthenticationMethod.CLIENT_SECRET_BASIC, null);
		AuthorizationServerSettings settings = AuthorizationServerSettings.builder().build();
		AuthorizationServerContext server = new AuthorizationServerContext() {

			@Override
			public String getIssuer() {
				return "http://localhost:9000";
			}

			@Override
			public AuthorizationServerSettings getAuthorizationServerSettings() {
				return settings;
			}

		};
		return DefaultOAuth2TokenContext.builder()
			.registeredClient(client)
			.principal(principal)
			.authorizationServerContext(server)
			.authorizedScopes(Set.of("llm.chat"))
			.tokenType(OAuth2TokenType.ACCESS_TOKEN)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.authorizationGrant(new OAuth2ClientCredentialsAuthenticationToken(principal, Set.of("llm.chat"), null))
			.build();
	}

}
