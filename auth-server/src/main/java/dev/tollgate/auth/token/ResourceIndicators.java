package dev.tollgate.auth.token;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.tollgate.auth.config.TollgateProperties;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.stereotype.Component;

/**
 * Resource indicators (RFC 8707): the {@code resource} parameter, given once or more on
 * an authorization or token request, names the resource servers an access token is meant
 * for, and the token's {@code aud} becomes exactly those.
 * <p>
 * A client may name only the resource servers that the scopes of the request belong to in
 * {@code tollgate.tokens.audiences} (scope → audience): in an authorization request the
 * scopes it asks for, in a token request the scopes granted now. Anything else is refused
 * with {@code invalid_target} (RFC 8707 section 2).
 * <ul>
 * <li>An authorization request's resources are kept with it, so the code and every
 * refresh token of that grant are bound to them: a token request of the grant may narrow
 * them, never widen them (section 2.2).</li>
 * <li>Without {@code resource}, a token names the grant's resources (those of its
 * authorization request, or every resource server of its scopes), or the issuer when its
 * scopes belong to none.</li>
 * </ul>
 * Section 2 asks for an absolute URI without a fragment. The audience names of
 * {@code tollgate.tokens.audiences} are accepted as they are, URI or not: DESIGN.md's
 * default {@code llm-gateway} is not one, and a client that sends exactly a name the
 * server itself puts into {@code aud} can mean nothing else. Every other value is held to
 * the URI rule, so that a malformed value is told apart from a URI of a resource server
 * the client may not name.
 */
@Component
public final class ResourceIndicators {

	/** RFC 8707 section 2. */
	public static final String INVALID_TARGET = "invalid_target";

	private static final int LONGEST_QUOTED_VALUE = 100;

	private final Map<String, String> audiences;

	private final Set<String> audienceNames;

	private final String issuer;

	ResourceIndicators(TollgateProperties properties) {
		this.audiences = properties.tokens().audiences();
		this.audienceNames = Set.copyOf(this.audiences.values());
		this.issuer = properties.issuer().toString();
	}

	/**
	 * The {@code resource} values of a request, in order and without repeats; empty when
	 * it has none.
	 * @param parameters the request's additional parameters, where Spring Authorization
	 * Server keeps a parameter it does not know: one value as a {@code String}, several
	 * as a {@code String[]} (or, read back from storage, a collection)
	 */
	public static Set<String> requested(Map<String, Object> parameters) {
		Object value = (parameters != null) ? parameters.get(OAuth2ParameterNames.RESOURCE) : null;
		Set<String> resources = new LinkedHashSet<>();
		if (value instanceof String one) {
			resources.add(one);
		}
		else if (value instanceof String[] several) {
			resources.addAll(Arrays.asList(several));
		}
		else if (value instanceof Collection<?> several) {
			several.forEach((resource) -> resources.add(String.valueOf(resource)));
		}
		return resources;
	}

	/**
	 * The resource servers that the scopes belong to, in the order of the scopes' names,
	 * so that equal requests get equal tokens.
	 */
	public Set<String> ofScopes(Collection<String> scopes) {
		Set<String> result = new LinkedHashSet<>();
		for (String scope : new TreeSet<>(scopes)) {
			String audience = this.audiences.get(scope);
			if (audience != null) {
				result.add(audience);
			}
		}
		return result;
	}

	/**
	 * Why a request may not name these resources, as an {@code invalid_target} error; or
	 * {@code null} when it may.
	 * @param requested the request's resources
	 * @param ofScopes the resource servers of the request's scopes
	 * @param granted the resources of the grant's authorization request; empty when it
	 * named none, which narrows nothing
	 */
	public OAuth2Error check(Set<String> requested, Set<String> ofScopes, Set<String> granted) {
		if (requested.isEmpty()) {
			// Most token requests name no resource: nothing to check, nothing to build.
			return null;
		}
		Set<String> allowed = narrowed(ofScopes, granted);
		for (String resource : requested) {
			if (!this.audienceNames.contains(resource) && !isAbsoluteUriWithoutFragment(resource)) {
				return invalidTarget(
						quoted(resource) + " is not an absolute URI without a fragment (RFC 8707 section 2)", allowed);
			}
			if (!ofScopes.contains(resource)) {
				return invalidTarget(
						quoted(resource) + " is not a resource server that the scopes of this request belong to",
						allowed);
			}
			if (!allowed.contains(resource)) {
				return invalidTarget(quoted(resource) + " was not named in the authorization request, and a token"
						+ " request may only narrow those", allowed);
			}
		}
		return null;
	}

	/**
	 * The {@code aud} of an access token (see the class description).
	 * @param scopes the scopes of the token
	 * @param requested the token request's resources
	 * @param granted the resources of the grant's authorization request, empty for none
	 * @throws OAuth2AuthenticationException {@code invalid_target} when the request names
	 * a resource it may not
	 */
	List<String> audience(Set<String> scopes, Set<String> requested, Set<String> granted) {
		Set<String> ofScopes = ofScopes(scopes);
		OAuth2Error error = check(requested, ofScopes, granted);
		if (error != null) {
			throw new OAuth2AuthenticationException(error);
		}

		Set<String> result = new LinkedHashSet<>(requested.isEmpty() ? narrowed(ofScopes, granted) : requested);
		if (result.isEmpty()) {
			result.add(this.issuer);
		}
		// A mutable JDK type: claims are stored as JSON with type ids,
		// and Spring Security's Jackson allow-list refuses immutable ones.
		return new ArrayList<>(result);
	}

	private static Set<String> narrowed(Set<String> ofScopes, Set<String> granted) {
		Set<String> result = new LinkedHashSet<>(ofScopes);
		if (!granted.isEmpty()) {
			result.retainAll(granted);
		}
		return result;
	}

	private static boolean isAbsoluteUriWithoutFragment(String value) {
		try {
			URI uri = new URI(value);
			return uri.isAbsolute() && uri.getRawFragment() == null;
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

	private static OAuth2Error invalidTarget(String problem, Set<String> allowed) {
		String choice = allowed.isEmpty() ? "; the scopes of this request belong to no resource server"
				: "; this request may name: " + String.join(", ", allowed);
		return new OAuth2Error(INVALID_TARGET, "The resource " + problem + choice, null);
	}

	/**
	 * The value in single quotes, shortened, with every character that an
	 * {@code error_description} may not hold (RFC 6749 section 5.2: printable ASCII
	 * without '"' and '\') replaced by '?'.
	 */
	private static String quoted(String value) {
		String shown = (value.length() > LONGEST_QUOTED_VALUE) ? value.substring(0, LONGEST_QUOTED_VALUE) + "..."
				: value;
		StringBuilder quoted = new StringBuilder("'");
		shown.chars().forEach((c) -> quoted.append((c >= 0x20 && c <= 0x7E && c != '"' && c != '\\') ? (char) c : '?'));
		return quoted.append('\'').toString();
	}

}
