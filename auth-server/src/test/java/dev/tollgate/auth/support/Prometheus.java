package dev.tollgate.auth.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads samples out of a scrape in Prometheus' text format, as a test checks what a
 * scraper would see.
 */
public final class Prometheus {

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	private Prometheus() {
	}

	/**
	 * The sum of the samples of one series name whose labels include the given ones; 0
	 * when there is none.
	 */
	public static double value(String scrape, String name, Map<String, String> labels) {
		double sum = 0;
		for (String line : scrape.split("\n")) {
			Matcher sample = SAMPLE.matcher(line.trim());
			if (sample.matches() && sample.group(1).equals(name)
					&& labels(sample.group(2)).entrySet().containsAll(labels.entrySet())) {
				sum += Double.parseDouble(sample.group(3));
			}
		}
		return sum;
	}

	/** Whether any sample of the series name is in the scrape. */
	public static boolean has(String scrape, String name) {
		return scrape.lines().anyMatch((line) -> line.startsWith(name + "{") || line.startsWith(name + " "));
	}

	private static Map<String, String> labels(String text) {
		Map<String, String> labels = new LinkedHashMap<>();
		if (text != null) {
			Matcher label = LABEL.matcher(text);
			while (label.find()) {
				labels.put(label.group(1), label.group(2));
			}
		}
		return labels;
	}

}
