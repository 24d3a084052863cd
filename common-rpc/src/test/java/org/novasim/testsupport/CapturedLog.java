package org.novasim.testsupport;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/** What a class logs from now until closed, for tests that assert what an operator would read. */
public final class CapturedLog implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    private CapturedLog(String loggerName) {
        logger = (Logger) LoggerFactory.getLogger(loggerName);
        lines.start();
        logger.addAppender(lines);
    }

    /** @param loggerName a logger's name: a class's, which may not be visible to the test */
    public static CapturedLog of(String loggerName) {
        return new CapturedLog(loggerName);
    }

    /** The messages logged at exactly this level, as formatted. */
    public List<String> messages(Level level) {
        return events().stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** The messages logged at this level or above, as formatted. */
    public List<String> messagesFrom(Level level) {
        return events().stream().filter(e -> e.getLevel().isGreaterOrEqual(level))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    private List<ILoggingEvent> events() {
        return List.copyOf(lines.list); // appended to by other threads meanwhile
    }

    @Override
    public void close() {
        logger.detachAppender(lines);
    }
}
