package io.wasmjava.testkit;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Plugin;
import io.wasmjava.core.config.ConfigNode;
import java.nio.charset.StandardCharsets;

/** {@link RedisBridgeScenarios} with the counter plugin's Java code on the JVM. */
class RedisBridgeJvmTest extends RedisBridgeScenarios {
    private static final byte[] INCR_HITS = "*2\r\n$4\r\nincr\r\n$4\r\nhits\r\n".getBytes(StandardCharsets.UTF_8);

    /** The Java twin of {@code redis-counter.wat}. */
    static Plugin<ConfigNode> counterPlugin() {
        return Plugin.builder("redis-counter")
                .parseConfig((json, plugin) -> {
                    plugin.callouts().redisInit(INIT_CLUSTER, "", PASSWORD, 1000);
                    return json;
                })
                .onRequestHeaders((http, config) -> {
                    http.plugin().callouts().dispatchRedisCall(CLUSTER, INCR_HITS, (status, reply) -> {
                        http.addRequestHeader("x-redis-reply", status == 0
                                ? new String(reply, 0, reply.length - 2, StandardCharsets.UTF_8) : "failed");
                        http.resumeRequest();
                    });
                    return HeaderStatus.STOP_ITERATION;
                })
                .build();
    }

    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.jvm(counterPlugin()));
    }
}
