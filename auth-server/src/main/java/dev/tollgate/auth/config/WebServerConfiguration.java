package dev.tollgate.auth.config;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat settings that application.yaml cannot express.
 */
@Configuration(proxyBeanMethods = false)
class WebServerConfiguration {

	/**
	 * Sends {@code 100 Continue} only when the application starts reading the body, so a
	 * request refused before that (an oversized body, a wrong content type) is answered
	 * without the client uploading its body first (RFC 9110 section 10.1.1).
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> continueOnRead() {
		return (factory) -> factory
			.addConnectorCustomizers((connector) -> connector.setProperty("continueResponseTiming", "onRead"));
	}

}
