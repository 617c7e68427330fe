package io.wasmjava.ratelimit;

import io.wasmjava.core.Headers;
import io.wasmjava.host.HttpStream;
import io.wasmjava.host.PendingRedisCall;
import io.wasmjava.redis.resp.RespDecoder;
import io.wasmjava.redis.resp.RespValue;
import io.wasmjava.testkit.PluginHarness;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model of a Redis server that knows {@link FixedWindowScript}: it answers the plugin's {@code EVALSHA} and
 * {@code EVAL} calls with the RESP reply the script would give ({@code *3 :threshold :current :ttl}), keeps counters
 * with expiry on the harness clock, and has a script cache that can be flushed. It can lack {@code EVALSHA} (as a
 * proxy or a server that renamed it) and hold a hash under a key, where the script fails with Redis 7's error. It
 * checks the command's shape and fails the test on anything else.
 */
final class FakeRedis {
    static final String NOSCRIPT = "-NOSCRIPT No matching script. Please use EVAL.\r\n";

    /** What Redis 7.0 answers the script on a key that holds a hash (checked against redis-server 7.0.15). */
    static final String WRONGTYPE = "-WRONGTYPE Operation against a key holding the wrong kind of value script: "
            + FixedWindowScript.SHA1 + ", on @user_script:1.\r\n";

    private final PluginHarness harness;
    private final Map<String, Long> counters = new HashMap<>();
    private final Map<String, Long> expiresAtMillis = new HashMap<>();
    private final List<String> commands = new ArrayList<>();
    private final Set<String> hashes = new HashSet<>();
    private boolean scriptCached;
    /** The error every EVALSHA gets, or null if the server has EVALSHA. */
    private String evalshaError;

    /** A server for {@code harness}'s clock, whose script cache already holds the script. */
    FakeRedis(PluginHarness harness) {
        this.harness = harness;
        this.scriptCached = true;
    }

    /** Empties the script cache, as {@code SCRIPT FLUSH} or a restart does. */
    FakeRedis flushScripts() {
        scriptCached = false;
        return this;
    }

    /** Answers every {@code EVALSHA} with {@code errorReply} (a RESP error line), as a service without it does. */
    FakeRedis withoutEvalsha(String errorReply) {
        evalshaError = errorReply;
        return this;
    }

    /** Puts a hash under {@code key}: the script fails there with {@link #WRONGTYPE}. */
    FakeRedis hashAt(String key) {
        hashes.add(key);
        return this;
    }

    /** Answers every pending call, oldest first. */
    void answerAll() {
        for (PendingRedisCall call : harness.pendingRedisCalls()) {
            answer(call);
        }
    }

    /** Answers the only pending call. */
    void answerOnly() {
        List<PendingRedisCall> calls = harness.pendingRedisCalls();
        if (calls.size() != 1) {
            throw new AssertionError("expected one pending Redis call but found " + calls);
        }
        answer(calls.get(0));
    }

    /**
     * Sends {@code headers} on a new stream, checks that the plugin paused it for Redis (as
     * {@link RateLimitScenarios#sendPaused} does) and answers its only call; the stream.
     */
    HttpStream sendAndAnswer(Headers headers) {
        HttpStream stream = RateLimitScenarios.sendPaused(harness, headers);
        answerOnly();
        return stream;
    }

    /** Sends {@code requests} requests of {@code headers} one after another, each answered; what happened to each. */
    List<String> outcomesOf(int requests, Headers headers) {
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            outcomes.add(RateLimitScenarios.outcome(sendAndAnswer(headers)));
        }
        return outcomes;
    }

    /** Answers {@code call} as Redis would. */
    void answer(PendingRedisCall call) {
        call.reply(replyTo(call.query()));
    }

    /** The command names and keys answered so far, e.g. {@code evalsha k}. */
    List<String> commands() {
        return List.copyOf(commands);
    }

    /** The current value of a counter, or null if it does not exist (or has expired). */
    Long counter(String key) {
        expire(key);
        return counters.get(key);
    }

    private String replyTo(byte[] query) {
        List<RespValue> arguments = RespDecoder.decodeOne(query).asArray();
        String command = arguments.get(0).asString();
        if (arguments.size() != 6 || !arguments.get(2).asString().equals("1")) {
            throw new AssertionError("expected <command> <script> 1 <key> <threshold> <window> but got " + arguments);
        }
        String key = arguments.get(3).asString();
        long threshold = arguments.get(4).asLong();
        long window = arguments.get(5).asLong();
        commands.add(command + " " + key);
        switch (command) {
            case "evalsha":
                if (evalshaError != null) {
                    return evalshaError;
                }
                if (!scriptCached || !arguments.get(1).asString().equals(FixedWindowScript.SHA1)) {
                    return NOSCRIPT;
                }
                break;
            case "eval":
                if (!arguments.get(1).asString().equals(FixedWindowScript.TEXT)) {
                    throw new AssertionError("EVAL of an unknown script: " + arguments.get(1));
                }
                scriptCached = true;
                break;
            default:
                throw new AssertionError("unexpected command " + command);
        }
        return hashes.contains(key) ? WRONGTYPE : run(key, threshold, window);
    }

    /** {@link FixedWindowScript#TEXT}, step by step. */
    private String run(String key, long threshold, long window) {
        long now = harness.now().toEpochMilli();
        expire(key);
        long current = counters.getOrDefault(key, 0L);
        if (current <= threshold) {
            current = current + 1;
            counters.put(key, current);
            if (current == 1) {
                expiresAtMillis.put(key, now + window * 1000);
            }
        }
        Long expiresAt = expiresAtMillis.get(key);
        // Redis's TTL rounds the remaining milliseconds to the nearest second.
        long ttl = (expiresAt - now + 500) / 1000;
        return "*3\r\n:" + threshold + "\r\n:" + current + "\r\n:" + ttl + "\r\n";
    }

    private void expire(String key) {
        Long expiresAt = expiresAtMillis.get(key);
        if (expiresAt != null && harness.now().toEpochMilli() >= expiresAt) {
            counters.remove(key);
            expiresAtMillis.remove(key);
        }
    }
}
