package dev.tollgate.auth.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;

/**
 * A load balancer without sticky sessions, for tests: an HTTP/1.1 reverse proxy on a free
 * port of 127.0.0.1 that sends each request to the next backend, or to the one a routing
 * rule picks, whatever cookie the request carries. The {@code Host} header passes
 * unchanged, so the backends build their redirects to the proxy, as behind a real load
 * balancer. One request per connection: the proxy asks the backend to close after the
 * answer and closes the client connection too, so a browser's next request is routed
 * anew. It records which backend served which request, for tests to assert.
 */
public final class RoundRobinProxy implements AutoCloseable {

	private static final int MAX_HEAD = 64 * 1024;

	private final ServerSocket socket;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final AtomicInteger next = new AtomicInteger();

	private final List<Routed> routed = new CopyOnWriteArrayList<>();

	private volatile List<URI> backends = List.of();

	private volatile ToIntFunction<String> rule;

	private RoundRobinProxy(ServerSocket socket) {
		this.socket = socket;
		this.threads.execute(this::accept);
	}

	/** A proxy listening now; it answers 502 until {@link #backends(List)} is set. */
	public static RoundRobinProxy start() {
		try {
			return new RoundRobinProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String baseUrl() {
		return "http://localhost:" + this.socket.getLocalPort();
	}

	/** The base URLs of the backends, in routing order. */
	public void backends(List<String> baseUrls) {
		this.backends = baseUrls.stream().map(URI::create).toList();
	}

	/**
	 * Routes by a rule instead of turn by turn: it gets {@code "METHOD /path"} and
	 * answers a backend's index, or -1 for the next in turn.
	 */
	public void route(ToIntFunction<String> rule) {
		this.rule = rule;
	}

	/** Every request so far with the index of the backend that served it. */
	public List<Routed> routed() {
		return List.copyOf(this.routed);
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// Closing a listening socket that failed is nothing to report.
		}
		this.threads.shutdownNow();
	}

	private void accept() {
		while (!this.socket.isClosed()) {
			try {
				Socket client = this.socket.accept();
				this.threads.execute(() -> serve(client));
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket client) {
		try (client) {
			client.setSoTimeout(30_000);
			InputStream in = client.getInputStream();
			String head = readHead(in);
			if (head == null) {
				return;
			}
			List<String> lines = new ArrayList<>(List.of(head.split("\r\n")));
			String requestLine = lines.remove(0);
			byte[] body = in.readNBytes(contentLength(lines));
			forward(client.getOutputStream(), requestLine, lines, body);
		}
		catch (IOException ex) {
			// A browser's speculative connection that never sent a request ends here.
		}
	}

	private void forward(OutputStream client, String requestLine, List<String> headers, byte[] body)
			throws IOException {
		String[] parts = requestLine.split(" ");
		String target = parts[0] + " " + parts[1].split("\\?")[0];
		List<URI> backends = this.backends;
		if (backends.isEmpty()) {
			client.write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
				.getBytes(StandardCharsets.US_ASCII));
			return;
		}
		int index = pick(target, backends.size());
		this.routed.add(new Routed(target, index));
		URI backend = backends.get(index);
		try (Socket upstream = new Socket(backend.getHost(), backend.getPort())) {
			upstream.setSoTimeout(30_000);
			StringBuilder request = new StringBuilder(requestLine).append("\r\n");
			for (String header : headers) {
				String name = header.substring(0, Math.max(0, header.indexOf(':'))).trim().toLowerCase(Locale.ROOT);
				if (!name.equals("connection") && !name.equals("keep-alive")) {
					request.append(header).append("\r\n");
				}
			}
			request.append("Connection: close\r\n\r\n");
			OutputStream out = upstream.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.write(body);
			out.flush();
			upstream.getInputStream().transferTo(client);
			client.flush();
		}
	}

	private int pick(String target, int size) {
		ToIntFunction<String> rule = this.rule;
		int chosen = (rule != null) ? rule.applyAsInt(target) : -1;
		return (chosen >= 0) ? chosen : Math.floorMod(this.next.getAndIncrement(), size);
	}

	private static String readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		byte[] end = { '\r', '\n', '\r', '\n' };
		while (matched < end.length) {
			int read = in.read();
			if (read < 0 || head.size() > MAX_HEAD) {
				return null;
			}
			head.write(read);
			matched = (read == end[matched]) ? matched + 1 : ((read == '\r') ? 1 : 0);
		}
		String text = head.toString(StandardCharsets.ISO_8859_1);
		return text.substring(0, text.length() - end.length);
	}

	private static int contentLength(List<String> headers) {
		for (String header : headers) {
			if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
				return Integer.parseInt(header.substring(header.indexOf(':') + 1).trim());
			}
		}
		return 0;
	}

	/**
	 * One request: {@code "METHOD /path"} and the index of the backend that served it.
	 */
	public record Routed(String target, int backend) {

	}

}
