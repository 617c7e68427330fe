package io.wasmjava.interop.shared;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.HttpContext;
import io.wasmjava.core.Plugin;
import io.wasmjava.core.shared.LeaderElection;
import io.wasmjava.core.shared.SharedData;
import io.wasmjava.core.shared.SharedValue;

/**
 * Answers every request locally with the outcome of one shared-data operation, named by header {@code x-op} on key
 * {@code x-key} (value {@code x-value}, version {@code x-cas}, {@code none} for "expect the key to be missing"):
 *
 * <ul>
 *   <li>{@code get}: {@code value=<v> cas=<n>}, or {@code missing}; {@code set}: {@code ok};</li>
 *   <li>{@code cas}: {@code compareAndSet} with the given version, {@code true} or {@code false};</li>
 *   <li>{@code increment}: {@code updateString} adding 1 to a decimal counter (missing is 0), with {@code x-attempts}
 *       attempts; with {@code x-race: <n>}, the first attempt writes {@code n} to the key unconditionally after its read, as
 *       another VM would between the read and the write; answers the outcome and the value;</li>
 *   <li>{@code elect}: one round of the election, {@code true} or {@code false}; {@code leader}: {@code isLeader()}.</li>
 * </ul>
 *
 * <p>Configuration: {@code {"vmId": "A", "leaseKey": "...", "leaseSeconds": 60, "electEveryMillis": 0}}; without
 * {@code vmId} the election is Higress's ({@link LeaderElection#create(io.wasmjava.core.PluginContext)}); with
 * {@code electEveryMillis} a tick runs the election.
 */
public final class SharedDataPlugin {
    private SharedDataPlugin() {
    }

    /** A configuration: the election of this VM. */
    record Config(LeaderElection election) {
    }

    public static Plugin<Config> definition() {
        return Plugin.builder("shared-data")
                .parseConfig((json, plugin) -> {
                    LeaderElection election = json.has("vmId")
                            ? LeaderElection.create(plugin, json.string("leaseKey", LeaderElection.DEFAULT_KEY),
                                    json.string("vmId"), json.longValue("leaseSeconds",
                                            LeaderElection.DEFAULT_LEASE_SECONDS))
                            : LeaderElection.create(plugin);
                    long every = json.longValue("electEveryMillis", 0);
                    if (every > 0) {
                        plugin.registerTick(every, election::elect);
                    }
                    return new Config(election);
                })
                .onRequestHeaders(SharedDataPlugin::requestHeaders)
                .build();
    }

    private static HeaderStatus requestHeaders(HttpContext http, Config config) {
        http.sendLocalResponse(200, run(http, config));
        return HeaderStatus.STOP_ITERATION;
    }

    private static String run(HttpContext http, Config config) {
        SharedData shared = http.plugin().sharedData();
        String op = String.valueOf(http.requestHeader("x-op"));
        String key = http.requestHeader("x-key");
        String value = http.requestHeader("x-value");
        switch (op) {
            case "get": {
                SharedValue current = shared.get(key);
                return current == null ? "missing" : "value=" + current.string() + " cas=" + current.cas();
            }
            case "set":
                shared.set(key, value);
                return "ok";
            case "cas": {
                String cas = http.requestHeader("x-cas");
                SharedValue expected = "none".equals(cas) ? null
                        : new SharedValue(new byte[0], Integer.parseInt(cas));
                return String.valueOf(shared.compareAndSet(key, expected, value));
            }
            case "increment": {
                int attempts = Integer.parseInt(http.requestHeader("x-attempts"));
                String race = http.requestHeader("x-race");
                int[] calls = new int[1];
                SharedData.UpdateOutcome outcome = shared.updateString(key, attempts, current -> {
                    if (race != null && calls[0]++ == 0) {
                        shared.set(key, race);
                    }
                    return String.valueOf((current == null ? 0 : Long.parseLong(current)) + 1);
                });
                return outcome + " " + shared.string(key);
            }
            case "elect":
                return String.valueOf(config.election().elect());
            case "leader":
                return String.valueOf(config.election().isLeader());
            default:
                return "unknown op " + op;
        }
    }
}
