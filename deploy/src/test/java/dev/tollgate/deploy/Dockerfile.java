package dev.tollgate.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile read into its build stages and instructions, enough to check what the
 * image is built from and what it runs; not a full parser (no heredocs, no escape
 * directive). {@code ${NAME}} and {@code $NAME} are replaced by the default of the
 * {@code ARG} in scope.
 *
 * @param globalArguments the {@code ARG} defaults before the first {@code FROM}
 * @param stages the build stages, in order; the last one is the image
 */
record Dockerfile(Map<String, String> globalArguments, List<Stage> stages) {

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");

	private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

	static Dockerfile parse(Path file) {
		Map<String, String> globalArguments = new HashMap<>();
		List<Stage> stages = new ArrayList<>();
		for (String line : logicalLines(DeployFiles.read(file))) {
			String[] parts = line.split("\\s+", 2);
			Instruction instruction = new Instruction(parts[0].toUpperCase(), (parts.length > 1) ? parts[1] : "");
			if (instruction.keyword().equals("FROM")) {
				String[] from = substitute(instruction.arguments(), globalArguments).split("\\s+");
				String name = (from.length == 3 && from[1].equalsIgnoreCase("AS")) ? from[2] : null;
				stages.add(new Stage(name, from[0], new HashMap<>(), new ArrayList<>()));
			}
			else if (stages.isEmpty()) {
				if (instruction.keyword().equals("ARG")) {
					declare(instruction.arguments(), globalArguments, Map.of());
				}
			}
			else {
				Stage stage = stages.get(stages.size() - 1);
				if (instruction.keyword().equals("ARG")) {
					declare(instruction.arguments(), stage.arguments(), globalArguments);
				}
				stage.instructions().add(instruction.resolved(stage.arguments()));
			}
		}
		return new Dockerfile(globalArguments, stages);
	}

	Stage first() {
		return this.stages.get(0);
	}

	Stage last() {
		return this.stages.get(this.stages.size() - 1);
	}

	/** The strings of an exec-form (JSON array) argument list, in order. */
	static List<String> execForm(String arguments) {
		List<String> strings = new ArrayList<>();
		Matcher matcher = STRING.matcher(arguments.substring(arguments.indexOf('[')));
		while (matcher.find()) {
			strings.add(matcher.group(1));
		}
		return strings;
	}

	/** Joins lines continued with a backslash and drops comments and blank lines. */
	private static List<String> logicalLines(String content) {
		List<String> lines = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		for (String raw : content.split("\n")) {
			String line = raw.strip();
			if (line.startsWith("#") || (line.isEmpty() && current.length() == 0)) {
				continue;
			}
			if (line.endsWith("\\")) {
				current.append(line, 0, line.length() - 1).append(' ');
				continue;
			}
			current.append(line);
			if (!current.toString().isBlank()) {
				lines.add(current.toString().strip());
			}
			current.setLength(0);
		}
		return lines;
	}

	/** {@code ARG NAME=default}, or {@code ARG NAME} that takes the global default. */
	private static void declare(String argument, Map<String, String> scope, Map<String, String> global) {
		int equals = argument.indexOf('=');
		if (equals < 0) {
			scope.put(argument.strip(), global.getOrDefault(argument.strip(), ""));
		}
		else {
			scope.put(argument.substring(0, equals).strip(), unquote(argument.substring(equals + 1).strip()));
		}
	}

	static String substitute(String text, Map<String, String> arguments) {
		Matcher matcher = VARIABLE.matcher(text);
		StringBuilder result = new StringBuilder();
		while (matcher.find()) {
			String name = (matcher.group(1) != null) ? matcher.group(1) : matcher.group(2);
			String value = arguments.containsKey(name) ? arguments.get(name) : matcher.group();
			matcher.appendReplacement(result, Matcher.quoteReplacement(value));
		}
		matcher.appendTail(result);
		return result.toString();
	}

	private static String unquote(String value) {
		boolean quoted = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"");
		return quoted ? value.substring(1, value.length() - 1) : value;
	}

	/**
	 * One build stage.
	 *
	 * @param name the name after {@code AS}, or {@code null}
	 * @param from the base image, arguments substituted
	 * @param arguments the {@code ARG} defaults in scope
	 * @param instructions the instructions after {@code FROM}, arguments substituted
	 */
	record Stage(String name, String from, Map<String, String> arguments, List<Instruction> instructions) {

		List<Instruction> all(String keyword) {
			return this.instructions.stream().filter((instruction) -> instruction.keyword().equals(keyword)).toList();
		}

		/** The arguments of the only instruction with this keyword, or {@code null}. */
		String only(String keyword) {
			List<Instruction> found = all(keyword);
			if (found.size() > 1) {
				throw new IllegalStateException(found.size() + " " + keyword + " instructions in one stage");
			}
			return found.isEmpty() ? null : found.get(0).arguments();
		}

		/**
		 * The arguments of the only instruction with this keyword, which must be there.
		 */
		String required(String keyword) {
			String arguments = only(keyword);
			if (arguments == null) {
				throw new AssertionError("No " + keyword + " in the stage FROM " + this.from);
			}
			return arguments;
		}

		/** The {@code ENV} settings of the stage, {@code NAME=value} pairs. */
		Map<String, String> environment() {
			Map<String, String> environment = new HashMap<>();
			Pattern pair = Pattern.compile("(\\w+)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S+)");
			for (Instruction instruction : all("ENV")) {
				Matcher matcher = pair.matcher(instruction.arguments());
				while (matcher.find()) {
					environment.put(matcher.group(1), unquote(matcher.group(2)));
				}
			}
			return environment;
		}

	}

	/**
	 * One instruction.
	 *
	 * @param keyword the instruction, upper case
	 * @param arguments everything after it
	 */
	record Instruction(String keyword, String arguments) {

		Instruction resolved(Map<String, String> scope) {
			return new Instruction(this.keyword, substitute(this.arguments, scope));
		}

		/** The source and destination words of a {@code COPY}, flags left out. */
		List<String> paths() {
			return List.of(this.arguments.split("\\s+")).stream().filter((word) -> !word.startsWith("--")).toList();
		}

		/** The value of a {@code --name=value} flag, or {@code null}. */
		String flag(String name) {
			for (String word : this.arguments.split("\\s+")) {
				if (word.startsWith("--" + name + "=")) {
					return word.substring(name.length() + 3);
				}
			}
			return null;
		}

	}

}
