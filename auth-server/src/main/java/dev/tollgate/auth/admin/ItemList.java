package dev.tollgate.auth.admin;

import java.util.List;

/**
 * A list answer of the admin API: the items and the cursor of the next page, or
 * {@code null} on the last page.
 */
record ItemList<T>(List<T> items, String next) {

	/** A list that fits one page. */
	static <T> ItemList<T> of(List<T> items) {
		return new ItemList<>(items, null);
	}

}
