import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints the table of docs/benchmarks.md from run.sh's results.tsv: one row per figure,
 * algorithm and JDK, each system's figure, and Tollgate's ratio to each peer.
 * Run as a source file: {@code java Table.java results.tsv}.
 */
public class Table {

	private static final List<String> PEERS = List.of("stock", "keycloak");

	public static void main(String[] args) throws Exception {
		Map<String, Map<String, Map<String, String>>> rows = new LinkedHashMap<>();
		for (String line : Files.readAllLines(Path.of(args[0]))) {
			String[] cells = line.split("\t");
			boolean gateway = cells[1].equals("gateway");
			String system = gateway ? "tollgate" : cells[1];
			String key = (gateway ? "gateway " : "") + cells[3] + "\t" + cells[2] + "\t" + cells[0];
			if (cells[3].equals("rss")) {
				String who = gateway ? "gateway" : cells[2].equals("RS256") ? "auth server" : "auth server, ES256";
				key = "peak RSS (MB), " + who + "\t-\t" + cells[0];
			}
			rows.computeIfAbsent(key, (k) -> new LinkedHashMap<>()).put(system, values(cells[4]));
		}
		System.out.println("| figure | alg | JDK | Tollgate | stock SAS | Keycloak "
				+ "| Tollgate / stock | Tollgate / Keycloak |");
		System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
		for (Map.Entry<String, Map<String, Map<String, String>>> row : rows.entrySet()) {
			String[] key = row.getKey().split("\t");
			Map<String, Map<String, String>> systems = row.getValue();
			List<String> cells = new ArrayList<>(List.of(label(key[0]), key[1], key[2]));
			for (String system : List.of("tollgate", "stock", "keycloak")) {
				cells.add(describe(systems.get(system)));
			}
			for (String peer : PEERS) {
				cells.add(ratio(systems.get("tollgate"), systems.get(peer)));
			}
			System.out.println("| " + String.join(" | ", cells) + " |");
		}
	}

	private static String label(String figure) {
		return switch (figure) {
			case "client_credentials" -> "client_credentials tokens/s";
			case "introspection" -> "introspections/s";
			case "refresh" -> "refreshes/s";
			case "gateway chat_completions" -> "gateway chat completions/s (quota on)";
			default -> figure;
		};
	}

	private static Map<String, String> values(String result) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String pair : result.replace("RESULT ", "").trim().split(" ")) {
			String[] parts = pair.split("=");
			values.put(parts[0], parts[1]);
		}
		return values;
	}

	private static String describe(Map<String, String> values) {
		if (values == null) {
			return "—";
		}
		if (values.containsKey("failed_to_start")) {
			return "did not start";
		}
		if (values.containsKey("rss_mb")) {
			return values.get("rss_mb");
		}
		String text = String.format("%,.0f (p50 %s, p99 %s ms)", Double.parseDouble(values.get("ok_per_s")),
				values.get("p50_ms"), values.get("p99_ms"));
		long failed = Long.parseLong(values.get("failed"));
		return (failed > 0) ? text + ", " + failed + " failed" : text;
	}

	private static String ratio(Map<String, String> tollgate, Map<String, String> peer) {
		String figure = (tollgate != null && tollgate.containsKey("rss_mb")) ? "rss_mb" : "ok_per_s";
		if (tollgate == null || peer == null || !peer.containsKey(figure) || !tollgate.containsKey(figure)) {
			return "—";
		}
		double theirs = Double.parseDouble(peer.get(figure));
		return (theirs > 0) ? String.format("%.1f×", Double.parseDouble(tollgate.get(figure)) / theirs) : "∞";
	}

}
