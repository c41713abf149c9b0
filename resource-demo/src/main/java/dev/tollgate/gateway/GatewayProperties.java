package dev.tollgate.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the gateway under {@code tollgate.gateway} ({@code TOLLGATE_GATEWAY_} in
 * the environment).
 *
 * @param issuer the Tollgate issuer URL whose discovery document and JWKS the gateway
 * trusts (RFC 8414 §3)
 * @param audience the {@code aud} value an access token must carry (RFC 9068 §4)
 * @param jwksCacheTtl how long a fetched JWKS is used before it is fetched again; when
 * the issuer does not answer, the cached keys stay in use
 * @param jwksRefreshInterval the shortest time between two JWKS fetches, so that tokens
 * with unknown {@code kid}s cannot make the gateway hammer the issuer
 * @param verifiedTokenCacheSize how many verified tokens are remembered (by hash) so that
 * the same token is not verified twice before it expires
 * @param models the models this gateway serves; without an upstream they must be built-in
 * ({@code echo-small}, {@code echo-large})
 * @param upstreamUrl the base URL (with {@code /v1}) of an OpenAI-compatible upstream;
 * when set, every chat completion is forwarded there instead of answered by the built-in
 * models
 * @param upstreamApiKey the bearer key the gateway sends upstream (never the caller's
 * token)
 * @param upstreamTimeout how long an upstream call may take, stream included
 * @param defaultMaxTokens the completion tokens reserved when neither the request's
 * {@code max_tokens} nor the policy's {@code max_tokens_per_request} says, for models
 * without a known output limit
 * @param maxRequestSize the largest request body accepted
 * @param revocationPollInterval how often the issuer's revocation feed
 * ({@code /oauth2/revocations}) is polled; a revoked token is refused at most about this
 * long after its revocation
 * @param clientId the gateway's own client at the issuer, with scope
 * {@code revocations.read}, for the revocation feed
 * @param clientSecret that client's secret; {@code demo-gateway-secret}, the demo
 * client's, unless profile {@code prod} is active, where it is required
 */
@ConfigurationProperties(prefix = "tollgate.gateway")
public record GatewayProperties(@DefaultValue("http://localhost:9000") URI issuer,
		@DefaultValue("llm-gateway") String audience, @DefaultValue("PT5M") Duration jwksCacheTtl,
		@DefaultValue("PT30S") Duration jwksRefreshInterval, @DefaultValue("10000") int verifiedTokenCacheSize,
		@DefaultValue( {
				"echo-small", "echo-large" }) List<String> models,
		URI upstreamUrl, String upstreamApiKey, @DefaultValue("PT2M") Duration upstreamTimeout,
		@DefaultValue("4096") int defaultMaxTokens, @DefaultValue("1MB") DataSize maxRequestSize,
		@DefaultValue("PT5S") Duration revocationPollInterval, @DefaultValue("demo-gateway") String clientId,
		String clientSecret){

	/**
	 * The issuer URL without a trailing slash, to which well-known paths are appended.
	 */
	public String issuerBase() {
		String value = this.issuer.toString();
		return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
	}

	@Override
	public String toString() {
		// The upstream key and the client secret are secrets: never in a log line or an
		// actuator answer.
		return "GatewayProperties[issuer=" + this.issuer + ", upstreamUrl=" + this.upstreamUrl + "]";
	}

}
