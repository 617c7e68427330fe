package io.wasmjava.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Deadlines of {@link Promise#timeout}, one registry per plugin, checked on the plugin's tick. The tick function is
 * registered on first use and is a no-op while nothing is waiting.
 *
 * <p>A new configuration starts with no tick functions ({@link PluginContext#registerTick}), and one registered during
 * a configuration that then fails is dropped. The registry therefore notes when its tick last ran, and registers a
 * fresh one when a deadline is added after the tick has been silent for {@link #STALE_AFTER_MILLIS}; a replaced tick
 * that still runs does nothing.
 */
final class PromiseTimeouts {
    static final long CHECK_PERIOD_MILLIS = 100;
    /** Ten missed checks: the tick function is gone, not merely late. */
    static final long STALE_AFTER_MILLIS = 10 * CHECK_PERIOD_MILLIS;
    private static final String ATTRIBUTE = "io.wasmjava.core.PromiseTimeouts";

    private final PluginContext plugin;
    /** Deadlines in the order added; one bound to a request is removed when its stream ends. */
    private final RegistrationList<Entry> entries = new RegistrationList<>();
    private int generation;
    private long lastCheckMillis;

    private PromiseTimeouts(PluginContext plugin) {
        this.plugin = plugin;
    }

    /** The plugin's registry, with a live tick function. */
    static PromiseTimeouts of(PluginContext plugin) {
        Object existing = plugin.attribute(ATTRIBUTE);
        PromiseTimeouts timeouts;
        if (existing instanceof PromiseTimeouts) {
            timeouts = (PromiseTimeouts) existing;
        } else {
            timeouts = new PromiseTimeouts(plugin);
            plugin.setAttribute(ATTRIBUTE, timeouts);
        }
        timeouts.ensureTicking();
        return timeouts;
    }

    private void ensureTicking() {
        long nowMillis = plugin.currentTimeMillis();
        if (generation != 0 && nowMillis - lastCheckMillis < STALE_AFTER_MILLIS) {
            return;
        }
        int registered = ++generation;
        lastCheckMillis = nowMillis;
        plugin.registerTick(CHECK_PERIOD_MILLIS, () -> {
            if (registered == generation) {
                check();
            }
        });
    }

    /**
     * Runs {@code expire} at the first check at or after {@code deadlineMillis}, unless {@code promise} is done or
     * its request has ended (the entry is dropped when it ends).
     */
    void add(long deadlineMillis, Promise<?> promise, Runnable expire) {
        entries.addUntilStreamEnd(promise.boundRequest(), new Entry(deadlineMillis, expire, promise));
    }

    /**
     * Expires every entry whose deadline has passed, in the order added; forgets entries whose promise completed or
     * whose request ended.
     */
    void check() {
        long nowMillis = plugin.currentTimeMillis();
        lastCheckMillis = nowMillis;
        if (entries.isEmpty()) {
            return;
        }
        List<Entry> due = new ArrayList<>();
        entries.removeIf(entry -> {
            if (entry.promise.isDone() || entry.promise.isAbandoned()) {
                return true;
            }
            if (nowMillis >= entry.deadlineMillis) {
                due.add(entry);
                return true;
            }
            return false;
        });
        // Expiring runs stages, which may add deadlines: `entries` is not being iterated any more.
        for (Entry entry : due) {
            entry.expire.run();
        }
    }

    /** Deadlines still waiting (for tests). */
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
