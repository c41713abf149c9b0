package dev.tollgate.auth.user;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A row of {@code app_user}: a person who signs in. The password is kept only as a slow
 * salted hash.
 */
@Entity
@Table(name = "app_user")
public class UserEntity {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private String username;

	private String passwordHash;

	private String fullName;

	private String email;

	private boolean emailVerified;

	private boolean enabled = true;

	private String authorities = "ROLE_USER";

	private Instant createdAt = Instant.now();

	protected UserEntity() {
	}

	public UserEntity(String username, String passwordHash, String fullName, String email) {
		this.username = username;
		this.passwordHash = passwordHash;
		this.fullName = fullName;
		this.email = email;
	}

	public String getUsername() {
		return this.username;
	}

	String getPasswordHash() {
		return this.passwordHash;
	}

	String getFullName() {
		return this.fullName;
	}

	String getEmail() {
		return this.email;
	}

	boolean isEmailVerified() {
		return this.emailVerified;
	}

	public void setEmailVerified(boolean emailVerified) {
		this.emailVerified = emailVerified;
	}

	boolean isEnabled() {
		return this.enabled;
	}

	String getAuthorities() {
		return this.authorities;
	}

}
