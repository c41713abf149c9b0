package dev.tollgate.gateway;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the gateway under {@code tollgate.gateway} ({@code TOLLGATE_GATEWAY_} in
 * the environment).
 *
 * @param issuer the Tollgate issuer URL whose discovery document and JWKS the gateway
 * trusts (RFC 8414 §3)
 */
@ConfigurationProperties(prefix = "tollgate.gateway")
public record GatewayProperties(@DefaultValue("http://localhost:9000") URI issuer) {

}
