package dev.tollgate.auth.key;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.util.Locale;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Makes the {@link JWSSigner} of a signing key (RFC 7515 section 5.1) with the JCA
 * provider that {@code tollgate.keys.signature-provider} names:
 * <ul>
 * <li>{@code auto}, the default: Amazon Corretto Crypto Provider (AWS-LC) when its native
 * library loads on this platform and passed its self-tests, else the JDK's
 * providers;</li>
 * <li>{@code accp}: Amazon Corretto Crypto Provider, or the server does not start;</li>
 * <li>{@code jdk}: the JDK's providers.</li>
 * </ul>
 * Why: the signature is most of what a token costs. On the 2-core x86-64 machine of
 * docs/benchmarks.md AWS-LC signs RS256 about 3 times and ES256 about 28 times as fast as
 * OpenJDK 17 (7 times as fast as Temurin 25), so it moves the ceiling of the token
 * endpoint.
 * <p>
 * The private key is handed to the provider once per key, translated into the provider's
 * own (native) form: a JDK key given to it at each signature is translated each time,
 * which costs more than the faster signature saves. Each new signer signs a probe that
 * the JDK verifies with the public key before the signer is used, so a provider that
 * produced wrong signatures is found when a key is loaded, not by the resource servers.
 * <p>
 * NOTE: the provider's jar holds AWS-LC built for Linux with glibc, on x86-64 or aarch64
 * (the build picks the machine's); anywhere else {@code auto} signs with the JDK's
 * providers, correct but about a third as fast for RS256.
 */
public final class JwsSigners {

	private static final Log logger = LogFactory.getLog(JwsSigners.class);

	private static final Payload PROBE = new Payload("tollgate signature probe");

	/** The provider to sign with; {@code null} for the JDK's. */
	private final Provider provider;

	private JwsSigners(Provider provider) {
		this.provider = provider;
	}

	/**
	 * The signers of a {@code tollgate.keys.signature-provider} setting.
	 * @throws IllegalStateException naming the setting when it is unknown, or when it is
	 * {@code accp} and that provider cannot run here
	 */
	public static JwsSigners of(String setting) {
		String choice = setting.trim().toLowerCase(Locale.ROOT);
		JwsSigners signers = switch (choice) {
			case "jdk" -> new JwsSigners(null);
			case "accp" -> new JwsSigners(correttoOrFail());
			case "auto" -> new JwsSigners(correttoIfHealthy());
			default -> throw new IllegalStateException(
					"tollgate.keys.signature-provider must be auto, accp or jdk, not '" + setting + "'");
		};
		logger.info("Tokens are signed with the " + signers.providerName() + " provider (setting " + choice + ")");
		return signers;
	}

	/** The name of the provider that signs, as the JCA reports it. */
	public String providerName() {
		return (this.provider != null) ? this.provider.getName() + " " + this.provider.getVersionStr() : "JDK";
	}

	/** A signer of the private part of {@code key}, checked by a probe signature. */
	public JWSSigner signer(JWK key) {
		try {
			JWSSigner signer = (this.provider != null) ? providerSigner(key) : jdkSigner(key);
			probe(signer, key);
			return signer;
		}
		catch (JOSEException | GeneralSecurityException ex) {
			throw new IllegalStateException("Signing key " + key.getKeyID() + " cannot sign with the " + providerName()
					+ " provider: " + ex.getMessage(), ex);
		}
	}

	private JWSSigner providerSigner(JWK key) throws JOSEException, GeneralSecurityException {
		PrivateKey jdkKey = ((AsymmetricJWK) key).toPrivateKey();
		PrivateKey own = (PrivateKey) KeyFactory.getInstance(jdkKey.getAlgorithm(), this.provider).translateKey(jdkKey);
		JWSSigner signer = (key instanceof ECKey ec) ? new ECDSASigner(own, ec.getCurve()) : new RSASSASigner(own);
		signer.getJCAContext().setProvider(this.provider);
		return signer;
	}

	private static JWSSigner jdkSigner(JWK key) throws JOSEException {
		return (key instanceof ECKey ec) ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
	}

	private static void probe(JWSSigner signer, JWK key) throws JOSEException {
		JWSObject probe = new JWSObject(new JWSHeader(JWSAlgorithm.parse(key.getAlgorithm().getName())), PROBE);
		probe.sign(signer);
		if (!probe.verify(new DefaultJWSVerifierFactory().createJWSVerifier(probe.getHeader(),
				((AsymmetricJWK) key.toPublicJWK()).toPublicKey()))) {
			throw new JOSEException("its probe signature does not verify with the public key");
		}
	}

	private static Provider correttoOrFail() {
		Throwable error = AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError();
		if (error != null) {
			throw new IllegalStateException("tollgate.keys.signature-provider is accp, but Amazon Corretto "
					+ "Crypto Provider cannot run on this platform: " + error.getMessage(), error);
		}
		AmazonCorrettoCryptoProvider.INSTANCE.assertHealthy();
		return AmazonCorrettoCryptoProvider.INSTANCE;
	}

	private static Provider correttoIfHealthy() {
		try {
			return correttoOrFail();
		}
		catch (RuntimeException | LinkageError ex) {
			logger.info("Amazon Corretto Crypto Provider is not available here (" + ex.getMessage()
					+ "); tokens are signed with the JDK's providers");
			return null;
		}
	}

}
