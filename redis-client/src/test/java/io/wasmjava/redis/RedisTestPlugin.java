package io.wasmjava.redis;

import io.wasmjava.cluster.Cluster;
import io.wasmjava.cluster.StaticIpCluster;
import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.core.Plugin;
import io.wasmjava.core.config.ConfigNode;
import io.wasmjava.host.HttpStream;
import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * A tiny plugin that drives one {@link RedisClient} for tests, on the test kit's JVM engine. At configure time it
 * creates the client for {@link #CLUSTER} and (unless told not to) calls {@code init}, recording an
 * {@code INIT_FAILED}; each request then sends the command the test gave to {@link #send}, reporting to a
 * {@link RecordingRedisCallback}. Requests continue at once: the command belongs to the request, so its callback is
 * dropped if the request completes first.
 */
final class RedisTestPlugin {
    /** {@code outbound|6379||redis.static}. */
    static final Cluster CLUSTER = StaticIpCluster.of("redis", 6379);

    static final Headers REQUEST = Headers.of(":authority", "a.com", ":path", "/", ":method", "GET");

    /** One request: its stream and what its command's callback was told. */
    static final class Request {
        final HttpStream stream;
        final RecordingRedisCallback callback;

        Request(HttpStream stream, RecordingRedisCallback callback) {
            this.stream = stream;
            this.callback = callback;
        }
    }

    private final String username;
    private final String password;
    private final int timeoutMillis;
    private final RedisOptions options;
    private final boolean initAtConfigure;
    private final Deque<BiConsumer<RedisClient, RedisCallback>> commands = new ArrayDeque<>();
    private final Deque<RecordingRedisCallback> callbacks = new ArrayDeque<>();
    private final List<RedisCallException> initFailures = new ArrayList<>();
    private RedisClient client;

    private RedisTestPlugin(Builder builder) {
        this.username = builder.username;
        this.password = builder.password;
        this.timeoutMillis = builder.timeoutMillis;
        this.options = builder.options;
        this.initAtConfigure = builder.initAtConfigure;
    }

    static Builder builder() {
        return new Builder();
    }

    Plugin<ConfigNode> definition() {
        return Plugin.builder("redis-test")
                .parseConfig((json, plugin) -> {
                    client = RedisClient.create(plugin, CLUSTER);
                    if (initAtConfigure) {
                        try {
                            client.init(username, password, timeoutMillis, options);
                        } catch (RedisCallException e) {
                            // As Higress plugins do: log, keep the configuration, let commands retry init.
                            initFailures.add(e);
                        }
                    }
                    return json;
                })
                .onRequestHeaders((http, config) -> {
                    commands.removeFirst().accept(client, callbacks.removeFirst());
                    return HeaderStatus.CONTINUE;
                })
                .build();
    }

    /** A started JVM harness for this plugin, with {@code builder}'s settings. */
    PluginHarness start(PluginHarness.Builder builder) {
        PluginHarness harness = builder.config("{}").build();
        if (!harness.start()) {
            harness.close();
            throw new AssertionError("the test plugin did not start: " + harness.logRecords());
        }
        return harness;
    }

    /** A builder for a JVM harness running this plugin. */
    PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.jvm(definition()));
    }

    /** Opens a stream and sends request headers; the plugin sends {@code command} while handling them. */
    Request send(PluginHarness harness, RedisCommand command) {
        Objects.requireNonNull(command, "command");
        return send(harness, (client, callback) -> client.send(command, callback));
    }

    /** Opens a stream and sends request headers; the plugin runs {@code action} while handling them. */
    Request send(PluginHarness harness, BiConsumer<RedisClient, RedisCallback> action) {
        RecordingRedisCallback callback = new RecordingRedisCallback();
        commands.addLast(action);
        callbacks.addLast(callback);
        HttpStream stream = harness.newStream();
        stream.requestHeaders(REQUEST, true);
        return new Request(stream, callback);
    }

    /** The client the plugin created at configure time. */
    RedisClient client() {
        return client;
    }

    /** Every {@code INIT_FAILED} the configure-time init threw. */
    List<RedisCallException> initFailures() {
        return List.copyOf(initFailures);
    }

    static final class Builder {
        private String username = "";
        private String password = "";
        private int timeoutMillis = 1000;
        private RedisOptions options = RedisOptions.defaults();
        private boolean initAtConfigure = true;

        Builder credentials(String username, String password) {
            this.username = username;
            this.password = password;
            return this;
        }

        Builder timeoutMillis(int timeoutMillis) {
            this.timeoutMillis = timeoutMillis;
            return this;
        }

        Builder options(RedisOptions options) {
            this.options = options;
            return this;
        }

        Builder withoutInit() {
            this.initAtConfigure = false;
            return this;
        }

        RedisTestPlugin build() {
            return new RedisTestPlugin(this);
        }
    }
}
