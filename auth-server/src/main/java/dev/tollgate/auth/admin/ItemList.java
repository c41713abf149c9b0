package dev.tollgate.auth.admin;

import java.util.List;
import java.util.function.Function;

/**
 * A list answer of the admin API: the items and the cursor of the next page, or
 * {@code null} on the last page.
 */
record ItemList<T>(List<T> items, String next) {

	/** A list that fits one page. */
	static <T> ItemList<T> of(List<T> items) {
		return new ItemList<>(items, null);
	}

	/**
	 * One page of a keyset-paged list.
	 * @param fetched up to {@code pageSize + 1} rows: one more than a page, which tells
	 * whether another page follows
	 * @param pageSize how many items a page holds
	 * @param item what a row looks like in the answer
	 * @param position the position of a row, which the next page continues after
	 */
	static <R, T> ItemList<T> page(List<R> fetched, int pageSize, Function<R, T> item, Function<R, String> position) {
		boolean more = fetched.size() > pageSize;
		List<R> rows = more ? fetched.subList(0, pageSize) : fetched;
		String next = more ? AdminPaging.cursor(position.apply(rows.get(rows.size() - 1))) : null;
		return new ItemList<>(rows.stream().map(item).toList(), next);
	}

}
