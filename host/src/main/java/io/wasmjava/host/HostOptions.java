package io.wasmjava.host;

import java.time.InstantSource;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * How a {@link HostEmulator} serves a plugin beyond what a test sets step by step: where logs and problems go, which
 * clock it reads, which clusters it accepts besides the known ones, who hears about callouts, and whether it keeps
 * the history only tests look at. {@link #TEST} (every field null, history kept) is what tests use; a host serving
 * real traffic (the devserver) sets sinks, the system clock and a callout listener.
 *
 * @param logSink receives every message at or above the log level instead of {@link HostEmulator#logs()}; null keeps
 *     them. Runs on the thread that drives the plugin.
 * @param problemSink receives host-side problems instead of {@link HostEmulator#problems()}, so they do not fail the
 *     callback with a {@link HostProblemException}; null keeps them
 * @param clock the clock the host follows (for example {@link InstantSource#system()}); null gives the settable
 *     clock of {@link HostEmulator#setTime} and {@link HostEmulator#advanceTime}
 * @param clusterFilter accepts clusters in addition to the {@linkplain HostEmulator#setKnownClusters known ones};
 *     when set and no known clusters are, only the filter decides; null accepts every cluster
 * @param calloutListener told about each callout right after the plugin made it (pending, token assigned) and about
 *     each successful {@code proxy_redis_init}; null tells no one. It runs inside the plugin's host call, so it must
 *     not call back into the plugin
 * @param retainHistory with false, the host forgets what only tests look at, so it can run as long as a server does:
 *     deleted streams are dropped (their {@link HttpStream} accessors then fail), effective-context switches and
 *     Redis inits are not recorded, and {@link PluginInstance#streams()} stays empty
 * @param testProperties whether the host starts with {@link HostEmulator#DEFAULT_PROPERTIES} (Higress's test
 *     defaults)
 */
public record HostOptions(Consumer<LogRecord> logSink, Consumer<String> problemSink, InstantSource clock,
        Predicate<String> clusterFilter, CalloutListener calloutListener, boolean retainHistory,
        boolean testProperties) {
    /** What tests use: logs and problems kept, the settable clock, every cluster accepted, all history kept. */
    public static final HostOptions TEST = new HostOptions(null, null, null, null, null, true, true);

    /**
     * A host serving real traffic: its logs and problems go to the sinks, its clock is {@code clock}, it accepts the
     * clusters {@code clusterFilter} accepts, {@code calloutListener} hears of every callout; it keeps no history and
     * starts without the test properties.
     */
    public static HostOptions serving(Consumer<LogRecord> logSink, Consumer<String> problemSink, InstantSource clock,
            Predicate<String> clusterFilter, CalloutListener calloutListener) {
        return new HostOptions(logSink, problemSink, clock, clusterFilter, calloutListener, false, false);
    }

    /** The same options with {@code retainHistory}. */
    public HostOptions withRetainHistory(boolean retain) {
        return new HostOptions(logSink, problemSink, clock, clusterFilter, calloutListener, retain, testProperties);
    }
}
