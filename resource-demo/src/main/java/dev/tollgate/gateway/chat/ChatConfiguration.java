package dev.tollgate.gateway.chat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.tollgate.gateway.GatewayProperties;

/**
 * Chooses who writes completions: the upstream when one is configured, else the echo
 * models.
 */
@Configuration(proxyBeanMethods = false)
class ChatConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(ChatConfiguration.class);

	@Bean
	ChatBackend chatBackend(GatewayProperties properties, JsonMapper json) {
		if (properties.upstreamUrl() == null) {
			logger.info("No tollgate.gateway.upstream-url: the built-in models {} answer", properties.models());
			return new EchoBackend(json);
		}
		logger.info("Forwarding chat completions for {} to {}", properties.models(), properties.upstreamUrl());
		return new UpstreamBackend(properties.upstreamUrl(), properties.upstreamApiKey(), properties.upstreamTimeout(),
				json);
	}

}
