package dev.tollgate.auth.admin;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document of the admin API at {@code /v3/api-docs}, with Swagger UI at
 * {@code /swagger-ui.html} (springdoc). Both are public: they describe the API and hold
 * no secret; every operation in them needs a bearer access token with scope
 * {@value AdminSecurityProblems#ADMIN_SCOPE} (RFC 6750), as the document's security
 * scheme says. Only {@code /admin/**} is documented (see {@code springdoc.*} in
 * application.yaml); the protocol endpoints are described by the server metadata (RFC
 * 8414) instead.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String SECURITY_SCHEME = "bearer";

	@Bean
	OpenAPI adminOpenApi() {
		SecurityScheme bearer = new SecurityScheme().type(SecurityScheme.Type.HTTP)
			.scheme("bearer")
			.bearerFormat("JWT")
			.description("An access token of this server with scope " + AdminSecurityProblems.ADMIN_SCOPE
					+ ", from the client_credentials grant at /oauth2/token");
		return new OpenAPI()
			.info(new Info().title("Tollgate admin API")
				.version("v1")
				.description("Clients, secrets, token revocation, quotas, signing keys and the audit trail."
						+ " Errors are RFC 9457 problem details (application/problem+json)."))
			.components(new Components().addSecuritySchemes(SECURITY_SCHEME, bearer))
			.addSecurityItem(new SecurityRequirement().addList(SECURITY_SCHEME));
	}

}
