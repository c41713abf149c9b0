package dev.tollgate.deploy;

import java.math.BigDecimal;
import java.util.Map;

/**
 * A Kubernetes resource quantity ({@code 250m}, {@code 2}, {@code 512Mi}) as a number.
 */
final class Quantity {

	private static final Map<String, BigDecimal> SUFFIXES = Map.of("m", new BigDecimal("0.001"), "k",
			BigDecimal.valueOf(1000), "M", BigDecimal.valueOf(1000_000), "G", BigDecimal.valueOf(1000_000_000), "Ki",
			BigDecimal.valueOf(1L << 10), "Mi", BigDecimal.valueOf(1L << 20), "Gi", BigDecimal.valueOf(1L << 30));

	private Quantity() {
	}

	static BigDecimal parse(String quantity) {
		for (Map.Entry<String, BigDecimal> suffix : SUFFIXES.entrySet()) {
			String unit = suffix.getKey();
			// No unit is the end of another: m, k, M, G and Ki, Mi, Gi.
			if (quantity.endsWith(unit)) {
				return new BigDecimal(quantity.substring(0, quantity.length() - unit.length()))
					.multiply(suffix.getValue());
			}
		}
		return new BigDecimal(quantity);
	}

}
