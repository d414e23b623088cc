package dev.jinit.launcher.logging;

import java.time.InstantSource;
import java.util.TimeZone;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The launcher's SLF4J binding, in place of slf4j-simple in the dist: the same lines from the same
 * {@code org.slf4j.simpleLogger.*} system properties (see {@link LogSettings}), read when SLF4J initializes it, but a
 * shorter start: the launcher's time format is made by hand instead of by a {@link java.text.SimpleDateFormat}, which
 * loads the JDK's locale data (CLDR; ~40 ms of a ~450 ms start-up on a 2-core VM, docs/benchmarks.md). Found by
 * SLF4J's {@code ServiceLoader} (META-INF/services) or named by the {@code slf4j.provider} property (see
 * {@code dev.jinit.launcher.Logging}).
 */
public final class JinitServiceProvider implements SLF4JServiceProvider {
    /** The SLF4J API version this binding is made for, as slf4j-simple 2.0's. */
    private static final String API_VERSION = "2.0.99";

    private final IMarkerFactory markerFactory = new BasicMarkerFactory();
    private final MDCAdapter mdcAdapter = new NOPMDCAdapter();
    private volatile ILoggerFactory loggerFactory;

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdcAdapter;
    }

    @Override
    public String getRequestedApiVersion() {
        return API_VERSION;
    }

    @Override
    public void initialize() {
        LogSettings settings = LogSettings.from(System::getProperty);
        // The zone at the first line: TimeZone.getDefault() reads the JDK's time-zone database (docs/benchmarks.md)
        loggerFactory = new JinitLoggerFactory(settings,
                new LineFormat(settings, InstantSource.system(), TimeZone::getDefault),
                LogOutput.of(settings.logFile(), settings.cacheOutputStream()));
    }
}
