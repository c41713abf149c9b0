package dev.tollgate.gateway.logging;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A request id on every log line of a request ({@code request_id} in the logging context,
 * so in JSON logs too) and in the {@code X-Request-Id} answer header. The id a load
 * balancer sends in {@code X-Request-Id} is kept when it is 1 to 64 letters, digits,
 * {@code .}, {@code _} or {@code -}; otherwise the gateway makes a UUID, so that no
 * caller writes its own text into the log.
 */
@Configuration(proxyBeanMethods = false)
class RequestIds {

	static final String HEADER = "X-Request-Id";

	private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	/** Before every other filter, security included, so that their lines carry it. */
	@Bean
	FilterRegistrationBean<OncePerRequestFilter> requestIdFilter() {
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new Filter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	private static final class Filter extends OncePerRequestFilter {

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			String sent = request.getHeader(HEADER);
			String id = (sent != null && WELL_FORMED.matcher(sent).matches()) ? sent : UUID.randomUUID().toString();
			response.setHeader(HEADER, id);
			MDC.put("request_id", id);
			try {
				chain.doFilter(request, response);
			}
			finally {
				MDC.remove("request_id");
			}
		}

	}

}
