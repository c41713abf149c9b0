package dev.tollgate.gateway.quota;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A client's quota windows at one moment, ordered by dimension.
 *
 * @param windows every window the client's policy limits
 */
public record QuotaSnapshot(List<Window> windows) {

	static final QuotaSnapshot EMPTY = new QuotaSnapshot(List.of());

	public QuotaSnapshot {
		windows = windows.stream().sorted(Comparator.comparing(Window::dimension)).toList();
	}

	public Optional<Window> window(Dimension dimension) {
		return this.windows.stream().filter((window) -> window.dimension() == dimension).findFirst();
	}

	/**
	 * The window that OpenAI's {@code x-ratelimit-*-tokens} headers describe: tokens per
	 * minute, or tokens per day when the policy only limits days.
	 */
	public Optional<Window> tokens() {
		return window(Dimension.TOKENS_PER_MINUTE).or(() -> window(Dimension.TOKENS_PER_DAY));
	}

	public Optional<Window> requests() {
		return window(Dimension.REQUESTS_PER_MINUTE);
	}

	/** This snapshot with the windows of {@code other} in place of its own. */
	QuotaSnapshot with(QuotaSnapshot other) {
		List<Window> merged = new ArrayList<>(other.windows);
		this.windows.stream().filter((window) -> other.window(window.dimension()).isEmpty()).forEach(merged::add);
		return new QuotaSnapshot(merged);
	}

}
