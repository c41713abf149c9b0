package dev.tollgate.auth.key;

import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.tollgate.auth.audit.AuditLog;
import dev.tollgate.auth.config.TollgateProperties;
import dev.tollgate.auth.database.ChangeNotifications;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires the signing keys into the authorization server: the JWKS endpoint and every
 * verifier read {@link #jwkSource the published set}; every signer uses the active key;
 * every instance checks the key schedule each {@code checkInterval} and hears of every
 * change to the key set at once.
 */
@Configuration(proxyBeanMethods = false)
class KeyConfiguration {

	private static final Set<JWSAlgorithm> SUPPORTED = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

	@Bean
	PrivateKeySealer privateKeySealer(TollgateProperties properties, Environment environment) {
		return EncryptionKeyResolver.resolve(properties.keys().encryptionKey(), environment);
	}

	@Bean
	KeyMaterial keyMaterial(PrivateKeySealer sealer) {
		return new KeyMaterial(sealer);
	}

	@Bean
	JWSAlgorithm signingAlgorithm(TollgateProperties properties) {
		JWSAlgorithm algorithm = JWSAlgorithm.parse(properties.keys().algorithm());
		if (!SUPPORTED.contains(algorithm)) {
			throw new IllegalStateException("tollgate.keys.algorithm must be RS256 or ES256, not " + algorithm);
		}
		return algorithm;
	}

	@Bean
	KeySetChanges keySetChanges(SigningKeyRepository keys, KeyMaterial material, JWSAlgorithm signingAlgorithm,
			TollgateProperties properties, AuditLog audit, TransactionTemplate transactions) {
		return new KeySetChanges(keys, material, signingAlgorithm, properties, audit, transactions);
	}

	@Bean
	KeySetChangeListener keySetChangeListener(ChangeNotifications notifications, SigningKeyService keys) {
		return new KeySetChangeListener(notifications, keys);
	}

	@Bean
	SchedulingConfigurer keySchedule(SigningKeyService keys, TollgateProperties properties) {
		return (registrar) -> registrar.addFixedDelayTask(keys::maintain, properties.keys().checkInterval());
	}

	@Bean
	JWKSource<SecurityContext> jwkSource(SigningKeyService keys) {
		return (selector, context) -> selector.select(keys.publishedKeys());
	}

	@Bean
	JwsSigners jwsSigners(TollgateProperties properties) {
		return JwsSigners.of(properties.keys().signatureProvider());
	}

	@Bean
	JwtEncoder jwtEncoder(SigningKeyService keys, JwsSigners signers) {
		return new ActiveKeyJwtEncoder(keys::activeKey, signers);
	}

}
