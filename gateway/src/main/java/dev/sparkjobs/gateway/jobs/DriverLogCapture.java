package dev.sparkjobs.gateway.jobs;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A log4j2 appender that copies log lines into the log of the run attempt whose work emitted them.
 * An attempt is known by the context key {@value #KEY}: the runner's thread carries it in log4j's
 * ThreadContext, and Spark's executors put it into the MDC of every task of the attempt, because
 * the runner sets the Spark local property of the same name ({@code mdc.*} local properties become
 * task MDC). Lines from threads that serve everyone (the DAG scheduler's event loop, the listener
 * bus) carry no key and are not copied. What reaches the appender is what the logging
 * configuration lets through (WARN and above for Spark by default).
 */
final class DriverLogCapture
        extends AbstractAppender
{
    /** The ThreadContext / MDC key, and the Spark local property that puts it on tasks. */
    static final String KEY = "mdc.sparkjobs.run";

    private static final Logger log = LoggerFactory.getLogger(DriverLogCapture.class);
    private static final Map<String, RunLog> routes = new ConcurrentHashMap<>();
    private static volatile boolean installed;

    private DriverLogCapture()
    {
        super("sparkjobs-run-logs", null, PatternLayout.newBuilder().withPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z'}{UTC} %-5p [%t] %c{1}: %m%n%ex{30}").build(),
                true, Property.EMPTY_ARRAY);
    }

    /** Adds the appender to every logger of the current log4j2 configuration, and again after a reconfiguration. Once per JVM. */
    static synchronized void install()
    {
        if (installed) {
            return;
        }
        installed = true;
        try {
            LoggerContext context = (LoggerContext) LogManager.getContext(false);
            DriverLogCapture appender = new DriverLogCapture();
            appender.start();
            attach(context, appender);
            context.addPropertyChangeListener(event -> {
                if (LoggerContext.PROPERTY_CONFIG.equals(event.getPropertyName())) {
                    attach(context, appender);
                }
            });
        }
        catch (RuntimeException | LinkageError e) {
            log.warn("Spark log lines will not be copied into run logs: log4j2 is not the logging backend here ({})", e.toString());
        }
    }

    private static void attach(LoggerContext context, Appender appender)
    {
        Configuration configuration = context.getConfiguration();
        if (configuration.getAppender(appender.getName()) == null) {
            configuration.addAppender(appender);
        }
        // The root, and the loggers that do not pass their events on to it: each event reaches the appender once.
        java.util.List<LoggerConfig> loggers = new java.util.ArrayList<>(configuration.getLoggers().values().stream().filter(logger -> !logger.isAdditive()).toList());
        loggers.add(configuration.getRootLogger());
        for (LoggerConfig logger : loggers) {
            if (!logger.getAppenders().containsKey(appender.getName())) {
                logger.addAppender(appender, null, null);
            }
        }
        context.updateLoggers();
    }

    /** Lines with {@code key} go to {@code runLog} until {@link #unroute}. */
    static void route(String key, RunLog runLog)
    {
        routes.put(key, runLog);
    }

    static void unroute(String key)
    {
        routes.remove(key);
    }

    @Override
    public void append(LogEvent event)
    {
        if (routes.isEmpty()) {
            return;
        }
        String key = event.getContextData().getValue(KEY);
        if (key == null) {
            return;
        }
        RunLog target = routes.get(key);
        if (target == null) {
            return;
        }
        try {
            target.captured(getLayout().toSerializable(event).toString());
        }
        catch (RuntimeException e) {
            // A run log that cannot be written must not break the code that logged.
        }
    }
}
