package dev.tollgate.auth.authorization;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * A row of {@code oauth2_authorization_consent}: the scopes a user has granted a client.
 */
@Entity
@Table(name = "oauth2_authorization_consent")
@IdClass(ConsentEntity.Key.class)
class ConsentEntity {

	@Id
	String registeredClientId;

	@Id
	String principalName;

	String authorities;

	Instant createdAt;

	Instant updatedAt;

	record Key(String registeredClientId, String principalName) implements Serializable {

		Key {
			Objects.requireNonNull(registeredClientId);
			Objects.requireNonNull(principalName);
		}

	}

}
