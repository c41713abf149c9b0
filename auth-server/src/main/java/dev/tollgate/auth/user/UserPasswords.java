package dev.tollgate.auth.user;

import org.springframework.stereotype.Component;

/**
 * Hashes a new user password with the slow salted scheme of {@link UserConfiguration}.
 */
@Component
public class UserPasswords {

	public String hash(String rawPassword) {
		return UserConfiguration.userPasswordEncoder().encode(rawPassword);
	}

}
