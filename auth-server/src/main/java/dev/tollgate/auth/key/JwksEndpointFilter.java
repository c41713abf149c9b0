package dev.tollgate.auth.key;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers {@code GET /oauth2/jwks} (RFC 7517 section 5) in place of Spring Authorization
 * Server's endpoint, so that resource servers may cache it: {@code Cache-Control: public,
 * max-age=N} with N the {@code tollgate.keys.jwks-cache-lifetime}, which the key schedule
 * publishes every next key ahead of, and an {@code ETag} answered with {@code 304 Not
 * Modified} to a matching {@code If-None-Match} (RFC 9111, RFC 9110 section 13.1.2).
 * <p>
 * NOTE: a resource server's cached copy keeps a revoked key for up to {@code max-age};
 * only introspection or the revocation feed ({@code revoked_keys}) tells it sooner.
 */
public final class JwksEndpointFilter extends OncePerRequestFilter {

	static final String JWKS_ENDPOINT = "/oauth2/jwks";

	private final RequestMatcher endpoint = PathPatternRequestMatcher.withDefaults()
		.matcher(HttpMethod.GET, JWKS_ENDPOINT);

	private final SigningKeyService keys;

	private final String cacheControl;

	public JwksEndpointFilter(SigningKeyService keys, Duration cacheLifetime) {
		this.keys = keys;
		this.cacheControl = "public, max-age=" + cacheLifetime.toSeconds();
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.endpoint.matches(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		PublishedKeys published = this.keys.published();
		response.setHeader(HttpHeaders.CACHE_CONTROL, this.cacheControl);
		if (new ServletWebRequest(request, response).checkNotModified(published.etag())) {
			return;
		}
		byte[] body = published.json().getBytes(StandardCharsets.UTF_8);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

}
