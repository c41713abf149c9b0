package dev.tollgate.auth.authorization;

import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Transient;

import org.springframework.data.domain.Persistable;

/**
 * An entity whose id is assigned before it is saved, and which says itself whether it is
 * new: new until it was loaded or persisted. Saving a new one is then one INSERT, not the
 * SELECT of a merge first.
 */
@MappedSuperclass
abstract class NewUntilStored implements Persistable<String> {

	@Transient
	private boolean isNew = true;

	@Override
	public boolean isNew() {
		return this.isNew;
	}

	@PostLoad
	@PostPersist
	void markStored() {
		this.isNew = false;
	}

}
