package io.wasmjava.core.runtime;

import io.wasmjava.core.Callouts;
import io.wasmjava.core.Log;
import io.wasmjava.core.Plugin;
import io.wasmjava.core.PluginContext;
import io.wasmjava.core.SharedQueue;
import io.wasmjava.core.UnknownForeignFunctionException;
import io.wasmjava.core.Utf8;
import io.wasmjava.core.config.ConfigException;
import io.wasmjava.core.config.ConfigNode;
import io.wasmjava.core.config.Json;
import io.wasmjava.core.config.JsonKind;
import io.wasmjava.core.config.JsonValue;
import io.wasmjava.core.metrics.Metrics;
import io.wasmjava.core.shared.SharedData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A plugin (root) context: the parsed configuration, tick functions and plugin-wide attributes. */
final class RootState<C> implements PluginContext {
    /** Higress ticks plugins every 100 ms and runs each tick function when its own period has passed. */
    static final int TICK_PERIOD_MILLIS = 100;
    private static final String PLUGIN_ID_KEY = "_plugin_id_";

    private final Dispatcher dispatcher;
    private final int contextId;
    private final Plugin<C> plugin;
    private final Map<String, Object> attributes = new HashMap<>();
    private String pluginId;
    private Log log;
    private RuleMatcher<C> matcher;
    private List<Tick> ticks = new ArrayList<>();
    /** Ticks registered outside a configuration parse (SDK internals, plugin code at run time): kept across reconfiguration. */
    private final List<Tick> persistentTicks = new ArrayList<>();
    private List<Tick> registering;
    private boolean tickTimerOn;
    private SharedData sharedData;

    RootState(Dispatcher dispatcher, int contextId, Plugin<C> plugin) {
        this.dispatcher = dispatcher;
        this.contextId = contextId;
        this.plugin = plugin;
        this.log = new Log(dispatcher.host(), plugin.name(), null, null, plugin.isSafeLog());
    }

    Stream<C> newStream(int streamId) {
        return new Stream<>(dispatcher, this, streamId);
    }

    Plugin<C> plugin() {
        return plugin;
    }

    RuleMatcher<C> matcher() {
        return matcher;
    }

    String pluginId() {
        return pluginId;
    }

    /** Reports a configuration that is refused before parsing, as a parse failure is reported. */
    void failStart(String reason) {
        log.error("parse config failed: " + reason);
        log.error("plugin start failed");
    }

    boolean configure(byte[] configuration) {
        Plugin.PluginStartHandler start = plugin.pluginStartHandler();
        if (start != null) {
            start.onPluginStart(this);
        }
        JsonValue json;
        if (configuration.length == 0) {
            if (plugin.hasCustomConfig()) {
                log.warn("config is empty, but has ParseConfigFunc");
            }
            json = Json.parse("{}");
        } else {
            try {
                json = Json.parse(configuration);
            } catch (ConfigException e) {
                log.error("parse config failed: " + e.getMessage());
                log.error("plugin start failed");
                return false;
            }
        }
        Log previousLog = log;
        String newPluginId = pluginId;
        registering = new ArrayList<>();
        RuleMatcher<C> parsed;
        try {
            if (json.kind() == JsonKind.OBJECT && ConfigNode.root(json).has(PLUGIN_ID_KEY)) {
                newPluginId = ConfigNode.root(json).string(PLUGIN_ID_KEY);
                json = json.withoutKey(PLUGIN_ID_KEY);
            }
            log = new Log(dispatcher.host(), plugin.name(), newPluginId, null, plugin.isSafeLog());
            parsed = RuleMatcher.parse(json, this::parse);
        } catch (ConfigException e) {
            log.error("parse rule config failed: " + e.getMessage());
            log.error("plugin start failed");
            log = previousLog;
            registering = null;
            return false;
        }
        if (parsed.ignoredGlobalError() != null) {
            log.warn("global config ignored because rules exist: " + parsed.ignoredGlobalError());
        }
        for (String warning : parsed.warnings()) {
            log.warn(warning);
        }
        matcher = parsed;
        pluginId = newPluginId;
        ticks = registering;
        registering = null;
        boolean wantTicks = !ticks.isEmpty() || !persistentTicks.isEmpty();
        if (wantTicks || tickTimerOn) {
            dispatcher.host().setTickPeriodMillis(wantTicks ? TICK_PERIOD_MILLIS : 0);
            tickTimerOn = wantTicks;
        }
        log.info("plugin start successfully");
        return true;
    }

    private C parse(ConfigNode node, C global, boolean isRule) {
        if (isRule && plugin.ruleConfigParser() != null) {
            return plugin.ruleConfigParser().parse(node, global, this);
        }
        return plugin.configParser().parse(node, this);
    }

    void tick() {
        long nowMillis = currentTimeMillis();
        runDue(ticks, nowMillis);
        runDue(new ArrayList<>(persistentTicks), nowMillis);
    }

    private void runDue(List<Tick> due, long nowMillis) {
        for (Tick tick : due) {
            if (nowMillis - tick.lastRunMillis >= tick.periodMillis) {
                tick.lastRunMillis = nowMillis;
                try {
                    tick.task.run();
                } catch (Throwable e) {
                    dispatcher.logUncaught("tick function", e);
                }
            }
        }
    }

    // ---- PluginContext ----

    @Override
    public String pluginName() {
        return plugin.name();
    }

    @Override
    public Log log() {
        return log;
    }

    @Override
    public void registerTick(long periodMillis, Runnable task) {
        if (periodMillis <= 0) {
            throw new IllegalArgumentException("tick period must be positive but was " + periodMillis);
        }
        if (task == null) {
            throw new IllegalArgumentException("tick task must not be null");
        }
        List<Tick> target = registering != null ? registering : persistentTicks;
        target.add(new Tick(periodMillis, task));
        if (registering == null && !tickTimerOn) {
            dispatcher.host().setTickPeriodMillis(TICK_PERIOD_MILLIS);
            tickTimerOn = true;
        }
    }

    @Override
    public Object attribute(String key) {
        return attributes.get(key);
    }

    @Override
    public void setAttribute(String key, Object value) {
        if (value == null) {
            attributes.remove(key);
        } else {
            attributes.put(key, value);
        }
    }

    // ---- host properties and foreign functions ----

    @Override
    public byte[] property(String... path) {
        return dispatcher.host().property(Arrays.asList(path));
    }

    @Override
    public String propertyString(String... path) {
        byte[] value = property(path);
        return value == null ? null : Utf8.decode(value);
    }

    @Override
    public String envoyPluginName() {
        return propertyString("plugin_name");
    }

    @Override
    public String nodeId() {
        return propertyString("node", "id");
    }

    @Override
    public String nodeMetadata(String key) {
        return propertyString("node", "metadata", key);
    }

    @Override
    public byte[] callForeignFunction(String name, byte[] argument) {
        if (name == null || name.isEmpty() || argument == null) {
            throw new IllegalArgumentException("foreign function name must not be empty and argument not null");
        }
        byte[] result = dispatcher.host().callForeignFunction(name, argument);
        if (result == null) {
            throw new UnknownForeignFunctionException(name);
        }
        return result;
    }

    @Override
    public long currentTimeMillis() {
        return dispatcher.host().currentTimeNanos() / 1_000_000L;
    }

    @Override
    public void runAfterCallback(Runnable task) {
        dispatcher.runAfterCallback(task);
    }

    @Override
    public Callouts callouts() {
        return dispatcher;
    }

    @Override
    public Metrics metrics() {
        return dispatcher.metrics(log);
    }

    @Override
    public SharedData sharedData() {
        // Made on first use, so a plugin that never shares links none of it into its module.
        if (sharedData == null) {
            sharedData = new SharedData(dispatcher.host());
        }
        return sharedData;
    }

    @Override
    public int contextId() {
        return contextId;
    }

    // ---- shared queues ----

    @Override
    public SharedQueue registerSharedQueue(String name, SharedQueue.Listener listener) {
        if (name == null || listener == null) {
            throw new IllegalArgumentException("name and listener must not be null");
        }
        // No effective-context switch: a stream context registers on behalf of its root context (proxy-wasm-cpp-host
        // src/context.cc, registerSharedQueue), and the module has one root context per plugin.
        SharedQueue queue = new HostSharedQueue(dispatcher.host(), dispatcher.host().registerSharedQueue(name));
        dispatcher.queueListeners().put(queue, listener);
        return queue;
    }

    @Override
    public SharedQueue resolveSharedQueue(String vmId, String name) {
        if (vmId == null || name == null) {
            throw new IllegalArgumentException("vmId and name must not be null");
        }
        int id = dispatcher.host().resolveSharedQueue(vmId, name);
        return id == 0 ? null : new HostSharedQueue(dispatcher.host(), id);
    }

    private static final class Tick {
        final long periodMillis;
        final Runnable task;
        long lastRunMillis;

        Tick(long periodMillis, Runnable task) {
            this.periodMillis = periodMillis;
            this.task = task;
        }
    }
}
