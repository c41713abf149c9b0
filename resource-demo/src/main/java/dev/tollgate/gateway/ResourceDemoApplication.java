package dev.tollgate.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * resource-demo: a downstream LLM gateway that knows Tollgate only through its public
 * contract (discovery, JWKS, the access-token claims of RFC 9068 and the revocation
 * feed). It shares no code with auth-server, as any third-party resource server would.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ResourceDemoApplication {

	public static void main(String[] args) {
		SpringApplication.run(ResourceDemoApplication.class, args);
	}

}
