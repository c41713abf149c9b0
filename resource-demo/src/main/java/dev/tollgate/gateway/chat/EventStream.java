package dev.tollgate.gateway.chat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * A server-sent event stream (HTML Living Standard §9.2) written straight to the
 * response, each event flushed as it ends so that tokens reach the caller as they come.
 */
final class EventStream {

	private final HttpServletResponse response;

	private final HttpHeaders headers;

	private OutputStream out;

	EventStream(HttpServletResponse response, HttpHeaders headers) {
		this.response = response;
		this.headers = headers;
	}

	/** Commits status 200 and the headers; from here on the answer is a stream. */
	void open() throws IOException {
		this.response.setStatus(HttpServletResponse.SC_OK);
		this.response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
		this.response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		this.response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
		this.headers.forEach((name, values) -> values.forEach((value) -> this.response.addHeader(name, value)));
		this.out = this.response.getOutputStream();
		this.response.flushBuffer();
	}

	boolean isOpen() {
		return this.out != null;
	}

	/** One {@code data:} event. */
	void data(String data) throws IOException {
		line("data: " + data);
		line("");
	}

	/** A line as the upstream sent it; a blank line ends an event and is flushed. */
	void line(String line) throws IOException {
		this.out.write(line.getBytes(StandardCharsets.UTF_8));
		this.out.write('\n');
		if (line.isEmpty()) {
			this.out.flush();
		}
	}

}
