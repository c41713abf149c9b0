package dev.tollgate.gateway.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;

/**
 * A tiny OpenAI-compatible upstream on this machine: {@code POST /v1/chat/completions}
 * answers what the test told it to, in parts when asked to stream, and keeps every
 * request it received.
 */
public final class StubUpstream implements AutoCloseable {

	private final HttpServer server;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private volatile Reply reply = new Reply(200, "application/json", List.of("{}"));

	private StubUpstream() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("localhost", TestDatabase.freePort()), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/v1/chat/completions", (exchange) -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			this.received
				.add(new Received(exchange.getRequestHeaders().getFirst("Authorization"), Http.json.readTree(body)));
			Reply reply = this.reply;
			exchange.getResponseHeaders().set("Content-Type", reply.contentType());
			// Chunked, each part flushed: a stream arrives in pieces, as a real one does.
			exchange.sendResponseHeaders(reply.status(), 0);
			try (OutputStream out = exchange.getResponseBody()) {
				for (String part : reply.parts()) {
					out.write(part.getBytes(StandardCharsets.UTF_8));
					out.flush();
				}
			}
		});
		this.server.start();
	}

	public static StubUpstream start() {
		return new StubUpstream();
	}

	/**
	 * The base URL with {@code /v1}, as {@code tollgate.gateway.upstream-url} takes it.
	 */
	public String url() {
		return "http://localhost:" + this.server.getAddress().getPort() + "/v1";
	}

	/**
	 * From now on, answer with this status, content type and body, sent in these parts.
	 */
	public void reply(int status, String contentType, String... parts) {
		this.reply = new Reply(status, contentType, List.of(parts));
	}

	public Received lastRequest() {
		return this.received.get(this.received.size() - 1);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	/**
	 * A request the upstream received.
	 *
	 * @param authorization its Authorization header
	 * @param body its JSON body
	 */
	public record Received(String authorization, JsonNode body) {

	}

	private record Reply(int status, String contentType, List<String> parts) {

	}

}
