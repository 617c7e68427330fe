package io.wasmjava.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Deadlines of {@link Promise#timeout}, one registry per plugin, checked on the plugin's tick. The tick function is
 * registered on first use and is a no-op while nothing is waiting.
 */
final class PromiseTimeouts {
    private static final String ATTRIBUTE = "io.wasmjava.core.PromiseTimeouts";
    private static final long CHECK_PERIOD_MILLIS = 100;

    private final PluginContext plugin;
    private final List<Entry> entries = new ArrayList<>();

    private PromiseTimeouts(PluginContext plugin) {
        this.plugin = plugin;
    }

    static PromiseTimeouts of(PluginContext plugin) {
        Object existing = plugin.attribute(ATTRIBUTE);
        if (existing instanceof PromiseTimeouts) {
            return (PromiseTimeouts) existing;
        }
        PromiseTimeouts timeouts = new PromiseTimeouts(plugin);
        plugin.setAttribute(ATTRIBUTE, timeouts);
        plugin.registerTick(CHECK_PERIOD_MILLIS, timeouts::check);
        return timeouts;
    }

    void add(long deadlineMillis, Runnable expire, Promise<?> promise) {
        entries.add(new Entry(deadlineMillis, expire, promise));
    }

    /** Expires every entry whose deadline has passed; forgets entries whose promise completed. */
    void check() {
        if (entries.isEmpty()) {
            return;
        }
        long nowMillis = plugin.currentTimeMillis();
        List<Entry> due = new ArrayList<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry entry = entries.get(i);
            if (entry.promise.isDone()) {
                entries.remove(i);
            } else if (nowMillis >= entry.deadlineMillis) {
                entries.remove(i);
                due.add(0, entry);
            }
        }
        for (Entry entry : due) {
            entry.expire.run();
        }
    }

    int pending() {
        return entries.size();
    }

    private static final class Entry {
        final long deadlineMillis;
        final Runnable expire;
        final Promise<?> promise;

        Entry(long deadlineMillis, Runnable expire, Promise<?> promise) {
            this.deadlineMillis = deadlineMillis;
            this.expire = expire;
            this.promise = promise;
        }
    }
}
