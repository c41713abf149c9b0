package dev.tollgate.auth.user;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Sign-in of people. Passwords are chosen by people and so are guessable: they keep a
 * slow, salted hash (BCrypt through Spring Security's delegating encoder, so the scheme
 * can be upgraded). Client secrets, random and server-generated, use a fast hash instead
 * (see {@code ClientSecretHasher}); the two encoders are deliberately separate.
 */
@Configuration(proxyBeanMethods = false)
class UserConfiguration {

	/**
	 * The only user authentication of the server. The {@link UserDetailsService} is not a
	 * bean of its own, so that Spring Security does not build a second provider from it.
	 */
	@Bean
	DaoAuthenticationProvider userAuthenticationProvider(UserRepository users) {
		DaoAuthenticationProvider provider = new DaoAuthenticationProvider(userDetailsService(users));
		provider.setPasswordEncoder(userPasswordEncoder());
		return provider;
	}

	private static UserDetailsService userDetailsService(UserRepository users) {
		return (username) -> users.findByUsername(username)
			.map((user) -> User.withUsername(user.getUsername())
				.password(user.getPasswordHash())
				.disabled(!user.isEnabled())
				.authorities(AuthorityUtils.commaSeparatedStringToAuthorityList(user.getAuthorities()))
				.build())
			.orElseThrow(() -> new UsernameNotFoundException("No such user"));
	}

	static PasswordEncoder userPasswordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

}
