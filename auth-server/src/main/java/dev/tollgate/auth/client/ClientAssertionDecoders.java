package dev.tollgate.auth.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionDecoderFactory;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.stereotype.Component;

/**
 * The decoders of {@code private_key_jwt} client assertions (RFC 7523 section 3), one per
 * client and key source. Spring Authorization Server's
 * {@link JwtClientAssertionDecoderFactory} keeps one decoder per client for the life of
 * the process, so a client whose {@code jwks_uri} or
 * {@code token_endpoint_auth_signing_alg} was changed through the admin API would go on
 * being checked against its old keys until a restart. Here a changed key source gets a
 * new decoder, built by Spring's factory with its claim checks ({@code iss}, {@code sub},
 * {@code aud}, {@code exp}, {@code nbf}), and after them the {@code jti} check that
 * Spring does not make ({@link ClientAssertionJtis}: each assertion is accepted once).
 */
@Component
public final class ClientAssertionDecoders implements JwtDecoderFactory<RegisteredClient> {

	private final Map<String, KeySourceDecoder> decoders = new ConcurrentHashMap<>();

	private final ClientAssertionJtis jtis;

	ClientAssertionDecoders(ClientAssertionJtis jtis) {
		this.jtis = jtis;
	}

	@Override
	public JwtDecoder createDecoder(RegisteredClient client) {
		String keySource = keySource(client.getClientSettings());
		return this.decoders.compute(client.getId(), (id, current) -> {
			if (current != null && current.keySource().equals(keySource)) {
				return current;
			}
			return new KeySourceDecoder(keySource,
					firstUseOnly(client.getId(), new JwtClientAssertionDecoderFactory().createDecoder(client)));
		}).decoder();
	}

	/** The jti is recorded only once the signature and every claim have passed. */
	private JwtDecoder firstUseOnly(String registeredClientId, JwtDecoder checks) {
		return (assertion) -> {
			Jwt jwt = checks.decode(assertion);
			this.jtis.requireFirstUse(registeredClientId, jwt);
			return jwt;
		};
	}

	private static String keySource(ClientSettings settings) {
		return settings.getJwkSetUrl() + " " + settings.getTokenEndpointAuthenticationSigningAlgorithm();
	}

	private record KeySourceDecoder(String keySource, JwtDecoder decoder) {
	}

}
