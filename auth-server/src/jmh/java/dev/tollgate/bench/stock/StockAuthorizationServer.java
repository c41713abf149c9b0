package dev.tollgate.bench.stock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import javax.sql.DataSource;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * The baseline of the benchmarks: Spring Authorization Server as its reference
 * documentation configures it, with nothing of Tollgate. Its JDBC client repository,
 * authorization and consent services on the schema from its own SQL files, BCrypt client
 * secrets (strength 10), form login, one generated signing key of {@code bench.algorithm}.
 * <p>
 * It lives outside {@code dev.tollgate.auth} so that the real application's component scan
 * never sees it, and only the {@code bench} Maven profile compiles it. Clients:
 * {@code bench-service} (client_credentials) and {@code bench-app} (authorization_code and
 * refresh_token, confidential, for the refresh benchmark), user {@code alice}.
 */
@SpringBootApplication
public class StockAuthorizationServer {

	private static final String SCHEMA_DIRECTORY = "org/springframework/security/oauth2/server/authorization/";

	static final String[] SCHEMA = { SCHEMA_DIRECTORY + "oauth2-authorization-schema.sql",
			SCHEMA_DIRECTORY + "oauth2-authorization-consent-schema.sql",
			SCHEMA_DIRECTORY + "client/oauth2-registered-client-schema.sql" };

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(StockAuthorizationServer.class);
		// Reads none of auth-server's application.yaml, which is on the same class path, and
		// keeps sessions in memory, as a stock server does: Spring Session JDBC, also on that
		// class path, would look for tables the stock schema does not have.
		application.setDefaultProperties(java.util.Map.of("spring.config.name", "stock-sas",
				"spring.flyway.enabled", "false", "spring.threads.virtual.enabled", "false",
				"spring.autoconfigure.exclude",
				"org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration,"
						+ "org.springframework.boot.session.autoconfigure.SessionAutoConfiguration"));
		application.run(args);
	}

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServerFilterChain(HttpSecurity http) {
		http.oauth2AuthorizationServer((server) -> {
			http.securityMatcher(server.getEndpointsMatcher());
			server.oidc(Customizer.withDefaults());
		});
		http.authorizeHttpRequests((authorize) -> authorize.anyRequest().authenticated())
			.exceptionHandling((exceptions) -> exceptions.defaultAuthenticationEntryPointFor(
					new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain loginFilterChain(HttpSecurity http) {
		http.authorizeHttpRequests((authorize) -> authorize.anyRequest().authenticated())
			.formLogin(Customizer.withDefaults());
		return http.build();
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return new BCryptPasswordEncoder();
	}

	@Bean
	UserDetailsService users(PasswordEncoder encoder) {
		return new InMemoryUserDetailsManager(
				User.withUsername("alice").password(encoder.encode("alice-password")).roles("USER").build());
	}

	@Bean
	JdbcOperations jdbcOperations(DataSource dataSource) {
		createSchema(new JdbcTemplate(dataSource));
		return new JdbcTemplate(dataSource);
	}

	@Bean
	RegisteredClientRepository registeredClientRepository(JdbcOperations jdbc) {
		return new JdbcRegisteredClientRepository(jdbc);
	}

	@Bean
	OAuth2AuthorizationService authorizationService(JdbcOperations jdbc, RegisteredClientRepository clients) {
		return new JdbcOAuth2AuthorizationService(jdbc, clients);
	}

	@Bean
	OAuth2AuthorizationConsentService authorizationConsentService(JdbcOperations jdbc,
			RegisteredClientRepository clients) {
		return new JdbcOAuth2AuthorizationConsentService(jdbc, clients);
	}

	@Bean
	JWKSource<SecurityContext> jwkSource(@Value("${bench.algorithm:RS256}") String algorithm) throws JOSEException {
		String kid = UUID.randomUUID().toString();
		JWK key = "ES256".equals(algorithm)
				? new ECKeyGenerator(Curve.P_256).keyID(kid).algorithm(JWSAlgorithm.ES256).generate()
				: new RSAKeyGenerator(2048).keyID(kid).algorithm(JWSAlgorithm.RS256).generate();
		return new ImmutableJWKSet<>(new JWKSet(key));
	}

	/** JwtGenerator asks for RS256; the documented way to sign with another key. */
	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> signatureAlgorithm(
			@Value("${bench.algorithm:RS256}") String algorithm) {
		return (context) -> context.getJwsHeader().algorithm(SignatureAlgorithm.from(algorithm));
	}

	@Bean
	ApplicationRunner benchClients(RegisteredClientRepository clients, PasswordEncoder encoder) {
		return (arguments) -> {
			if (clients.findByClientId("bench-service") == null) {
				clients.save(RegisteredClient.withId(UUID.randomUUID().toString())
					.clientId("bench-service")
					.clientSecret(encoder.encode("bench-service-secret"))
					.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
					.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
					.scope("llm.chat")
					.build());
			}
			if (clients.findByClientId("bench-app") == null) {
				clients.save(RegisteredClient.withId(UUID.randomUUID().toString())
					.clientId("bench-app")
					.clientSecret(encoder.encode("bench-app-secret"))
					.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
					.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
					.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
					.redirectUri("http://127.0.0.1:8080/callback")
					.scope("openid")
					.scope("llm.chat")
					.clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).build())
					.build());
			}
		};
	}

	/**
	 * The schema of Spring Authorization Server's own SQL files; as its reference says for
	 * PostgreSQL, {@code blob} columns become {@code text} and {@code timestamp} ones
	 * {@code timestamptz}.
	 */
	private static void createSchema(JdbcTemplate jdbc) {
		Integer tables = jdbc.queryForObject(
				"select count(*) from information_schema.tables where table_name = 'oauth2_registered_client'",
				Integer.class);
		if (tables != null && tables > 0) {
			return;
		}
		for (String script : SCHEMA) {
			try {
				String sql = new ClassPathResource(script).getContentAsString(StandardCharsets.UTF_8);
				jdbc.execute(sql.replace(" blob ", " text ").replace(" timestamp ", " timestamptz "));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

}
