package dev.tollgate.auth.support;

import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

/**
 * Collects what every logger of the JVM writes while it is open, for tests about what the
 * server logs, and never logs. The test servers run in the test's JVM, so their log lines
 * arrive here too.
 */
public final class LogCapture implements AutoCloseable {

	private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

	private final List<ILoggingEvent> events = new ArrayList<>();

	private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {

		@Override
		protected void append(ILoggingEvent event) {
			synchronized (LogCapture.this.events) {
				LogCapture.this.events.add(event);
			}
		}

	};

	private LogCapture() {
		this.appender.start();
		this.root.addAppender(this.appender);
	}

	public static LogCapture start() {
		return new LogCapture();
	}

	/** The events of one logger so far. */
	public List<ILoggingEvent> eventsOf(Class<?> loggerClass) {
		return events().stream().filter((event) -> event.getLoggerName().equals(loggerClass.getName())).toList();
	}

	/** Every line so far, as written: message, arguments filled in, and stack trace. */
	public List<String> lines() {
		return events().stream().map(LogCapture::line).toList();
	}

	public List<ILoggingEvent> events() {
		synchronized (this.events) {
			return List.copyOf(this.events);
		}
	}

	@Override
	public void close() {
		this.root.detachAppender(this.appender);
		this.appender.stop();
	}

	private static String line(ILoggingEvent event) {
		String stackTrace = (event.getThrowableProxy() != null) ? ThrowableProxyUtil.asString(event.getThrowableProxy())
				: "";
		return event.getLevel() + " " + event.getLoggerName() + " " + event.getFormattedMessage() + stackTrace;
	}

}
