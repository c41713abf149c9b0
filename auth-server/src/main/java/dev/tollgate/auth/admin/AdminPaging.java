package dev.tollgate.auth.admin;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The paging parameters of the admin API's lists: {@code limit}, how many items a page
 * holds at most, and {@code cursor}, the {@code next} value of the page before, which is
 * opaque to callers.
 */
final class AdminPaging {

	static final int DEFAULT_LIMIT = 50;

	static final int MAX_LIMIT = 200;

	private AdminPaging() {
	}

	static int limit(String value) {
		if (value == null) {
			return DEFAULT_LIMIT;
		}
		try {
			int limit = Integer.parseInt(value);
			if (limit >= 1 && limit <= MAX_LIMIT) {
				return limit;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw new InvalidParameterException("limit", "must be a whole number from 1 to " + MAX_LIMIT);
	}

	static String cursor(String position) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
	}

	/** The position a cursor stands for, or {@code null} for the first page. */
	static String position(String cursor) {
		if (cursor == null) {
			return null;
		}
		try {
			return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw invalidCursor();
		}
	}

	static InvalidParameterException invalidCursor() {
		return new InvalidParameterException("cursor",
				"is not a cursor of this list; pass the next value of the previous page");
	}

}
