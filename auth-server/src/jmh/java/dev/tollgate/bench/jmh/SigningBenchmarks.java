package dev.tollgate.bench.jmh;

import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tollgate.auth.key.JwsSigners;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The ceiling of the token endpoint and of a gateway without a cache: one JWS signature
 * and one verification with nimbus-jose-jwt, per algorithm and signing provider
 * ({@code tollgate.keys.signature-provider}: the JDK's, or Amazon Corretto Crypto Provider),
 * on one thread. The signer is built once, as {@code ActiveKeyJwtEncoder} keeps it;
 * {@link #signWithNewSigner} builds it per token, as an encoder that re-reads its key
 * would. Verification is always the JDK's, as at a resource server.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SigningBenchmarks {

	@Param({ "RS256", "ES256" })
	public String algorithm;

	@Param({ "jdk", "accp" })
	public String provider;

	private JwsSigners signers;

	private JWK key;

	private JWSSigner signer;

	private JWSVerifier verifier;

	private JWSHeader header;

	private JWTClaimsSet claims;

	private String token;

	@Setup
	public void setUp() throws JOSEException {
		this.key = SampleKeys.generate(this.algorithm);
		this.signers = JwsSigners.of(this.provider);
		this.signer = this.signers.signer(this.key);
		this.verifier = SampleKeys.verifier(this.key);
		this.header = SampleKeys.header(this.key);
		this.claims = SampleKeys.accessTokenClaims();
		this.token = sign();
	}

	@Benchmark
	public String sign() throws JOSEException {
		SignedJWT jwt = new SignedJWT(this.header, this.claims);
		jwt.sign(this.signer);
		return jwt.serialize();
	}

	@Benchmark
	public String signWithNewSigner() throws JOSEException, java.text.ParseException {
		SignedJWT jwt = new SignedJWT(this.header, this.claims);
		jwt.sign(this.signers.signer(JWK.parse(this.key.toJSONObject())));
		return jwt.serialize();
	}

	@Benchmark
	public boolean verify() throws Exception {
		return SignedJWT.parse(this.token).verify(this.verifier);
	}

}
