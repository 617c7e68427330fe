package io.wasmjava.http;

import io.wasmjava.cluster.Cluster;
import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.core.Plugin;
import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;
import java.util.function.Consumer;

/**
 * A plugin whose only job is to run the test's HTTP calls: each configuration creates one {@link HttpClient} for the
 * given cluster and hands it to the phase handlers and the tick the test supplies. Runs on the test kit's JVM engine,
 * so the handlers may record into the test's own objects.
 */
final class ClientPlugin {
    static final String NAME = "client-test";

    /** Request headers as Envoy delivers them (lower-case names); {@code x-request-id} becomes the log's request id. */
    static final Headers REQUEST = Headers.of(":authority", "example.com", ":method", "GET", ":path", "/api",
            ":scheme", "http", "x-request-id", "req-1");

    private final Cluster cluster;
    private Plugin.HeadersHandler<HttpClient> onRequestHeaders = (http, client) -> HeaderStatus.CONTINUE;
    private Plugin.BodyHandler<HttpClient> onRequestBody;
    private Consumer<HttpClient> onTick;
    private String[] knownClusters;

    private ClientPlugin(Cluster cluster) {
        this.cluster = cluster;
    }

    /** A plugin whose client calls {@code cluster}. */
    static ClientPlugin calling(Cluster cluster) {
        return new ClientPlugin(cluster);
    }

    ClientPlugin onRequestHeaders(Plugin.HeadersHandler<HttpClient> handler) {
        this.onRequestHeaders = handler;
        return this;
    }

    ClientPlugin onRequestBody(Plugin.BodyHandler<HttpClient> handler) {
        this.onRequestBody = handler;
        return this;
    }

    /** Runs {@code task} on every tick (the plugin registers a 100 ms tick). */
    ClientPlugin onTick(Consumer<HttpClient> task) {
        this.onTick = task;
        return this;
    }

    /** Makes the host refuse calls to every other cluster with {@code BAD_ARGUMENT}, as Envoy does. */
    ClientPlugin knownClusters(String... clusters) {
        this.knownClusters = clusters;
        return this;
    }

    Plugin<HttpClient> definition() {
        Plugin.Builder<HttpClient> builder = Plugin.builder(NAME).parseConfig((json, plugin) -> {
            HttpClient client = HttpClient.create(plugin, cluster);
            if (onTick != null) {
                plugin.registerTick(100, () -> onTick.accept(client));
            }
            return client;
        });
        builder.onRequestHeaders(onRequestHeaders);
        if (onRequestBody != null) {
            builder.onRequestBody(onRequestBody);
        }
        return builder.build();
    }

    /**
     * Builds and starts a harness on the JVM engine; the caller closes it.
     *
     * @throws AssertionError if the plugin does not start
     */
    PluginHarness start() {
        PluginHarness.Builder builder = PluginHarness.builder(Engines.jvm(definition())).config("{}");
        if (knownClusters != null) {
            builder.knownClusters(knownClusters);
        }
        PluginHarness harness = builder.build();
        if (!harness.start()) {
            harness.close();
            throw new AssertionError("the client test plugin did not start: " + harness.logRecords());
        }
        return harness;
    }
}
