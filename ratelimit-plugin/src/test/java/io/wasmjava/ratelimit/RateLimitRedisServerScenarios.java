package io.wasmjava.ratelimit;

import static io.wasmjava.ratelimit.RateLimitScenarios.PREFIX;
import static io.wasmjava.ratelimit.RateLimitScenarios.UNAVAILABLE;
import static io.wasmjava.ratelimit.RateLimitScenarios.callFailed;
import static io.wasmjava.ratelimit.RateLimitScenarios.failedCheck;
import static io.wasmjava.ratelimit.RateLimitScenarios.json;
import static io.wasmjava.ratelimit.RateLimitScenarios.outcome;
import static io.wasmjava.ratelimit.RateLimitScenarios.rejected;
import static io.wasmjava.ratelimit.RateLimitScenarios.request;
import static io.wasmjava.ratelimit.RateLimitScenarios.sendPaused;
import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.core.LogLevel;
import io.wasmjava.host.HttpStream;
import io.wasmjava.host.LogRecord;
import io.wasmjava.host.PendingRedisCall;
import io.wasmjava.host.RedisBridge;
import io.wasmjava.host.RedisConnection;
import io.wasmjava.host.RedisInit;
import io.wasmjava.host.RedisServerProcess;
import io.wasmjava.testkit.PluginHarness;
import io.wasmjava.testkit.PluginScenarios;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rate-limit plugin against a real {@code redis-server}, written once: {@link RateLimitRedisServerTest} runs it
 * on the JVM and {@link RateLimitRedisServerWasmIT} against the compiled {@code target/main.wasm}. The test kit's
 * {@link RedisBridge} routes the plugin's cluster to the server, so the script, its key, its TTL, the script cache
 * and the failures are Redis's own; the test still decides when each call is forwarded ({@link
 * PluginHarness#flushRedis()}), so nothing waits on a clock. Windows end by expiring the key through an admin
 * connection ({@code PEXPIRE key 0}), not by sleeping.
 *
 * <p>One server per class serves most scenarios; it is emptied, its statistics reset and the script cached before
 * each test. Scenarios that stop a server or need a password start their own ({@link #ownServer}).
 */
abstract class RateLimitRedisServerScenarios extends PluginScenarios {
    static final String CLUSTER = "outbound|6379||redis.static";
    static final String GLOBAL_MINUTE_KEY = "higress-cluster-key-rate-limit:routeA:global_threshold:60";
    static final String PASSWORD = "s3cret-limiter-pw";
    static final Headers REQUEST = request("/api");
    static final Headers RESPONSE = Headers.of(":status", "200", "content-type", "text/plain");

    static RedisServerProcess redis;
    private final List<RedisServerProcess> ownServers = new ArrayList<>();

    @BeforeAll
    static void startRedis() {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    /** An empty server whose script cache holds the plugin's script, as a long-running server would. */
    @BeforeEach
    void resetRedis() throws IOException {
        try (RedisConnection admin = redis.connect()) {
            assertThat(admin.command("flushall")).isEqualTo("+OK\r\n");
            assertThat(admin.command("script", "flush")).isEqualTo("+OK\r\n");
            assertThat(admin.command("script", "load", FixedWindowScript.TEXT))
                    .as("Redis's SHA-1 of the script").isEqualTo("$40\r\n" + FixedWindowScript.SHA1 + "\r\n");
            assertThat(admin.command("config", "resetstat")).isEqualTo("+OK\r\n");
        }
    }

    @AfterEach
    void stopOwnServers() {
        ownServers.forEach(RedisServerProcess::close);
        ownServers.clear();
    }

    /** A server for this test only, closed after it (for stopping it, or for a password). */
    RedisServerProcess ownServer(RedisServerProcess server) {
        ownServers.add(server);
        return server;
    }

    /** A configuration for rule routeA on {@value #CLUSTER}: {@code limit} (e.g. a global threshold), then more. */
    static String config(String limit, String redisExtra, String extra) {
        return json("{'rule_name': 'routeA', " + limit + ", " + (extra.isEmpty() ? "" : extra + ", ")
                + "'redis': {'service_name': 'redis.static', 'service_port': 6379"
                + (redisExtra.isEmpty() ? "" : ", " + redisExtra) + "}}");
    }

    static String perMinute(int threshold) {
        return "'global_threshold': {'query_per_minute': " + threshold + "}";
    }

    /** Builds and starts a harness whose cluster {@value #CLUSTER} goes to {@code server}. */
    PluginHarness startOn(RedisServerProcess server, String config) {
        return start(harness().redisBridge(RedisBridge.of(CLUSTER, server.address())).config(config));
    }

    /** Forwards every pending call to the server and checks how many there were (follow-ups such as EVAL included). */
    static void flush(PluginHarness harness, int expectedCalls) {
        assertThat(harness.flushRedis()).as("Redis calls forwarded").isEqualTo(expectedCalls);
        assertThat(harness.pendingRedisCalls()).isEmpty();
    }

    /** The command name of a pending call: {@code evalsha} or {@code eval}. */
    static String commandOf(PendingRedisCall call) {
        return RateLimitScenarios.argumentsOf(call).get(0);
    }

    /** {@code TTL key} as a number. */
    static long ttl(RedisConnection admin, String key) throws IOException {
        String reply = admin.command("ttl", key);
        assertThat(reply).matches(":-?[0-9]+\r\n");
        return Long.parseLong(reply.substring(1, reply.length() - 2));
    }

    /** {@code calls=..,failed_calls=..} of EVAL and EVALSHA from {@code INFO commandstats}; absent: not called. */
    static Map<String, String> scriptCommandStats(RedisConnection admin) throws IOException {
        Map<String, String> stats = new LinkedHashMap<>();
        for (String line : admin.command("info", "commandstats").split("\r\n")) {
            for (String command : List.of("evalsha", "eval")) {
                if (line.startsWith("cmdstat_" + command + ":")) {
                    String calls = "";
                    String failed = "";
                    for (String field : line.substring(line.indexOf(':') + 1).split(",")) {
                        if (field.startsWith("calls=")) {
                            calls = field;
                        } else if (field.startsWith("failed_calls=")) {
                            failed = field;
                        }
                    }
                    stats.put(command, calls + "," + failed);
                }
            }
        }
        return stats;
    }

    // ---- admission ----

    @Test
    void letsExactlyTheThresholdOfConcurrentRequestsThroughAndStopsTheCounterAtThresholdPlusOne() throws IOException {
        PluginHarness harness = startOn(redis, config(perMinute(3), "", "'show_limit_quota_header': true, "
                + "'retry_after_header': true, 'reset_header_on_allowed': true"));
        List<HttpStream> streams = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            streams.add(sendPaused(harness, REQUEST));
        }
        assertThat(harness.pendingRedisCalls()).extracting(RateLimitRedisServerScenarios::commandOf)
                .containsOnly("evalsha").hasSize(8);

        flush(harness, 8);

        assertThat(streams).extracting(RateLimitScenarios::outcome).containsExactly("allowed", "allowed", "allowed",
                "answered 429", "answered 429", "answered 429", "answered 429", "answered 429");
        long ttl;
        try (RedisConnection admin = redis.connect()) {
            assertThat(admin.command("keys", "*")).isEqualTo("*1\r\n$57\r\n" + GLOBAL_MINUTE_KEY + "\r\n");
            assertThat(admin.command("get", GLOBAL_MINUTE_KEY)).isEqualTo("$1\r\n4\r\n");
            ttl = ttl(admin, GLOBAL_MINUTE_KEY);
        }
        assertThat(ttl).isBetween(1L, 60L);
        for (int i = 3; i < 8; i++) {
            String reset = streams.get(i).localResponse().headers().value("x-ratelimit-reset");
            assertThat(Long.parseLong(reset)).isBetween(ttl, 60L);
            assertThat(streams.get(i).localResponse()).isEqualTo(rejected(Headers.of("x-ratelimit-limit", "3",
                    "x-ratelimit-remaining", "0", "x-ratelimit-reset", reset, "retry-after", reset),
                    "Too many requests"));
        }
        for (int i = 0; i < 3; i++) {
            HttpStream stream = streams.get(i);
            stream.responseHeaders(RESPONSE, true);
            String reset = stream.responseHeaders().value("x-ratelimit-reset");
            assertThat(Long.parseLong(reset)).isBetween(ttl, 60L);
            assertThat(stream.responseHeaders()).isEqualTo(RESPONSE.newBuilder().add("x-ratelimit-limit", "3")
                    .add("x-ratelimit-remaining", Integer.toString(2 - i)).add("x-ratelimit-reset", reset).build());
        }
        assertThat(harness.logs(LogLevel.ERROR)).isEmpty();
    }

    @Test
    void admitsAgainOnceTheServerExpiresTheWindow() throws IOException {
        PluginHarness harness = startOn(redis, config(perMinute(2), "", ""));
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            HttpStream stream = sendPaused(harness, REQUEST);
            flush(harness, 1);
            outcomes.add(outcome(stream));
        }
        try (RedisConnection admin = redis.connect()) {
            // PEXPIRE with 0 ends the key's life now: what the server does when the window's TTL runs out.
            assertThat(admin.command("pexpire", GLOBAL_MINUTE_KEY, "0")).isEqualTo(":1\r\n");
            assertThat(admin.command("exists", GLOBAL_MINUTE_KEY)).isEqualTo(":0\r\n");
        }

        for (int i = 0; i < 3; i++) {
            HttpStream stream = sendPaused(harness, REQUEST);
            flush(harness, 1);
            outcomes.add(outcome(stream));
        }

        assertThat(outcomes).containsExactly("allowed", "allowed", "answered 429", "allowed", "allowed",
                "answered 429");
        try (RedisConnection admin = redis.connect()) {
            assertThat(admin.command("get", GLOBAL_MINUTE_KEY)).isEqualTo("$1\r\n3\r\n");
            assertThat(ttl(admin, GLOBAL_MINUTE_KEY)).isBetween(1L, 60L);
        }
    }

    @Test
    void countsAPerSecondWindowUnderItsOwnKeyWithAOneSecondTtl() {
        PluginHarness harness = startOn(redis, config("'rule_items': [{'limit_by_per_header': 'x-user', "
                + "'limit_keys': [{'key': '*', 'query_per_second': 1}]}]", "", "'show_limit_quota_header': true, "
                + "'reset_header_on_allowed': true"));
        HttpStream stream = sendPaused(harness, request("/", "x-user", "ann"));
        List<String> arguments = RateLimitScenarios.argumentsOf(harness.pendingRedisCalls().get(0));

        flush(harness, 1);
        stream.responseHeaders(RESPONSE, true);

        // The key lives one second, so it is checked in the command rather than in the server, where it may be gone
        // by the time the test looks; the TTL comes from the script, atomically with the increment.
        assertThat(arguments).containsExactly("evalsha", FixedWindowScript.SHA1, "1",
                "higress-cluster-key-rate-limit:routeA:limit_by_per_header:1:x-user:ann", "1", "1");
        assertThat(stream.responseHeaders()).isEqualTo(RESPONSE.newBuilder().add("x-ratelimit-limit", "1")
                .add("x-ratelimit-remaining", "0").add("x-ratelimit-reset", "1").build());
    }

    // ---- the script cache ----

    @Test
    void fallsBackToEvalAfterScriptFlushAndUsesEvalshaAgainAfterwards() throws IOException {
        PluginHarness harness = startOn(redis, config(perMinute(3), "", ""));
        try (RedisConnection admin = redis.connect()) {
            assertThat(admin.command("script", "flush")).isEqualTo("+OK\r\n");
        }
        List<String> sent = new ArrayList<>();

        HttpStream first = sendPaused(harness, REQUEST);
        PendingRedisCall evalsha = harness.pendingRedisCalls().get(0);
        sent.add(commandOf(evalsha));
        evalsha.forwardToRedis();
        assertThat(first.requestResumed()).as("resumed after NOSCRIPT").isFalse();
        PendingRedisCall eval = harness.pendingRedisCalls().get(0);
        sent.add(commandOf(eval));
        eval.forwardToRedis();
        Map<String, String> statsAfterFallback;
        String cached;
        try (RedisConnection admin = redis.connect()) {
            statsAfterFallback = scriptCommandStats(admin);
            cached = admin.command("script", "exists", FixedWindowScript.SHA1);
        }
        HttpStream second = sendPaused(harness, REQUEST);
        sent.add(commandOf(harness.pendingRedisCalls().get(0)));
        flush(harness, 1);

        assertThat(sent).containsExactly("evalsha", "eval", "evalsha");
        assertThat(statsAfterFallback).isEqualTo(Map.of("evalsha", "calls=1,failed_calls=1",
                "eval", "calls=1,failed_calls=0"));
        assertThat(cached).isEqualTo("*1\r\n:1\r\n");
        assertThat(List.of(outcome(first), outcome(second))).containsExactly("allowed", "allowed");
        try (RedisConnection admin = redis.connect()) {
            assertThat(scriptCommandStats(admin)).isEqualTo(Map.of("evalsha", "calls=2,failed_calls=1",
                    "eval", "calls=1,failed_calls=0"));
            assertThat(admin.command("get", GLOBAL_MINUTE_KEY)).isEqualTo("$1\r\n2\r\n");
        }
        assertThat(harness.logs(LogLevel.ERROR)).isEmpty();
        assertThat(harness.logs(LogLevel.DEBUG))
                .containsOnlyOnce(PREFIX + "redis has no cached rate-limit script; sending it with EVAL");
    }

    @Test
    void givesTheRightVerdictOnTheRequestThatMeetsAnEmptyScriptCache() throws IOException {
        PluginHarness harness = startOn(redis, config(perMinute(1), "", ""));
        HttpStream allowed = sendPaused(harness, REQUEST);
        flush(harness, 1);
        try (RedisConnection admin = redis.connect()) {
            assertThat(admin.command("script", "flush")).isEqualTo("+OK\r\n");
        }

        HttpStream rejected = sendPaused(harness, REQUEST);
        flush(harness, 2);

        assertThat(outcome(allowed)).isEqualTo("allowed");
        assertThat(rejected.localResponse().statusCode()).isEqualTo(429);
        try (RedisConnection admin = redis.connect()) {
            assertThat(admin.command("get", GLOBAL_MINUTE_KEY)).isEqualTo("$1\r\n2\r\n");
        }
    }

    @Test
    void sendsOnlyEvalToAServerWhoseEvalshaIsRenamedAway() throws IOException {
        RedisServerProcess server = ownServer(RedisServerProcess.builder()
                .arguments("--rename-command", "evalsha", "").start());
        PluginHarness harness = startOn(server, config(perMinute(2), "", ""));
        List<List<String>> sent = new ArrayList<>();
        List<String> outcomes = new ArrayList<>();

        for (int i = 0; i < 3; i++) {
            HttpStream stream = sendPaused(harness, REQUEST);
            List<String> commands = new ArrayList<>();
            while (!harness.pendingRedisCalls().isEmpty()) {
                assertThat(commands).as("calls for one request").hasSizeLessThan(2);
                PendingRedisCall call = harness.pendingRedisCalls().get(0);
                commands.add(commandOf(call));
                call.forwardToRedis();
            }
            sent.add(commands);
            outcomes.add(outcome(stream));
        }

        assertThat(sent).containsExactly(List.of("evalsha", "eval"), List.of("eval"), List.of("eval"));
        assertThat(outcomes).containsExactly("allowed", "allowed", "answered 429");
        assertThat(harness.logs(LogLevel.ERROR)).isEmpty();
        assertThat(harness.logs(LogLevel.WARN)).singleElement().asString()
                .startsWith(PREFIX + "redis answered EVALSHA with \"ERR unknown command ")
                .endsWith("\" but runs the script sent with EVAL: sending it with EVAL from now on");
        try (RedisConnection admin = server.connect()) {
            assertThat(scriptCommandStats(admin)).isEqualTo(Map.of("eval", "calls=3,failed_calls=0"));
            assertThat(admin.command("get", GLOBAL_MINUTE_KEY)).isEqualTo("$1\r\n3\r\n");
        }
    }

    @Test
    void failsOnlyTheCheckOfAKeyHoldingAHashWithoutEvalAndWithoutOpeningTheBreaker() throws IOException {
        String ann = "higress-cluster-key-rate-limit:routeA:limit_by_per_header:60:x-user:ann";
        try (RedisConnection admin = redis.connect()) {
            assertThat(admin.command("hset", ann, "f", "v")).isEqualTo(":1\r\n");
        }
        PluginHarness harness = startOn(redis, config("'rule_items': [{'limit_by_per_header': 'x-user', "
                + "'limit_keys': [{'key': '*', 'query_per_minute': 5}]}]", "",
                "'failure_mode': 'deny', 'circuit_breaker': {'failures': 1}"));

        HttpStream broken = sendPaused(harness, request("/", "x-user", "ann"));
        flush(harness, 1);
        HttpStream other = sendPaused(harness, request("/", "x-user", "bob"));
        flush(harness, 1);
        HttpStream again = sendPaused(harness, request("/", "x-user", "ann"));
        flush(harness, 1);

        assertThat(broken.localResponses()).containsExactly(UNAVAILABLE);
        assertThat(outcome(other)).isEqualTo("allowed");
        assertThat(again.localResponses()).as("checked again, breaker closed").containsExactly(UNAVAILABLE);
        // Redis 7 and Redis 6 word a script's error differently; both name the script's SHA-1.
        assertThat(harness.logs(LogLevel.ERROR)).hasSize(2).allSatisfy(line -> assertThat(line)
                .startsWith(failedCheck("deny", ""))
                .contains("WRONGTYPE Operation against a key holding the wrong kind of value")
                .contains(FixedWindowScript.SHA1));
        assertThat(harness.logs(LogLevel.WARN)).isEmpty();
        try (RedisConnection admin = redis.connect()) {
            assertThat(scriptCommandStats(admin)).isEqualTo(Map.of("evalsha", "calls=3,failed_calls=2"));
        }
    }

    // ---- Redis down ----

    @Test
    void letsRequestsThroughWithoutHeadersWhenTheServerIsDownUnderFailureModeAllow() {
        RedisServerProcess server = ownServer(RedisServerProcess.start());
        PluginHarness harness = startOn(server, config(perMinute(3), "", "'show_limit_quota_header': true"));
        server.stop();
        HttpStream stream = sendPaused(harness, REQUEST);

        flush(harness, 1);
        stream.responseHeaders(RESPONSE, true);

        assertThat(outcome(stream)).isEqualTo("allowed");
        assertThat(stream.responseHeaders()).isEqualTo(RESPONSE);
        assertThat(harness.logs(LogLevel.ERROR)).containsExactly(
                failedCheck("allow", callFailed(CLUSTER, RedisBridge.CALL_FAILED_STATUS)));
        assertThat(harness.host().redisBridgeErrors()).singleElement().asString()
                .startsWith("proxy_redis_call " + CLUSTER + " (token 7): cannot connect to " + server.host() + ":"
                        + server.port());
    }

    @Test
    void answersTheFailureStatusWhenTheServerIsDownUnderFailureModeDeny() {
        RedisServerProcess server = ownServer(RedisServerProcess.start());
        PluginHarness harness = startOn(server, config(perMinute(3), "", "'failure_mode': 'deny'"));
        server.stop();
        HttpStream stream = sendPaused(harness, REQUEST);

        flush(harness, 1);

        assertThat(stream.localResponses()).containsExactly(UNAVAILABLE);
        assertThat(stream.requestResumed()).isFalse();
        assertThat(harness.logs(LogLevel.ERROR)).containsExactly(
                failedCheck("deny", callFailed(CLUSTER, RedisBridge.CALL_FAILED_STATUS)));
    }

    @Test
    void opensTheBreakerAfterConsecutiveFailuresAndClosesItWhenTheRestartedServerAnswersTheProbe()
            throws IOException {
        RedisServerProcess server = ownServer(RedisServerProcess.start());
        PluginHarness harness = startOn(server, config(perMinute(3), "",
                "'circuit_breaker': {'failures': 3, 'open_seconds': 10}"));
        server.stop();
        for (int i = 0; i < 3; i++) {
            sendPaused(harness, REQUEST);
            flush(harness, 1);
        }

        HttpStream skipped = harness.newStream();
        HeaderStatus skippedStatus = skipped.requestHeaders(REQUEST, true);
        int skippedCalls = harness.flushRedis();
        server.restart();
        harness.advanceTime(10_000);
        // The restarted server has neither the counter nor the script: the probe goes EVALSHA, then EVAL.
        HttpStream probe = sendPaused(harness, REQUEST);
        flush(harness, 2);

        assertThat(skippedStatus).isEqualTo(HeaderStatus.CONTINUE);
        assertThat(skippedCalls).as("calls made while the breaker is open").isZero();
        assertThat(outcome(skipped)).isEqualTo("passed");
        assertThat(harness.host().redisBridgeErrors()).hasSize(3);
        assertThat(outcome(probe)).isEqualTo("allowed");
        assertThat(harness.logs(LogLevel.ERROR)).hasSize(3);
        assertThat(harness.logRecords()).filteredOn(record -> record.level() == LogLevel.WARN
                || record.level() == LogLevel.INFO && record.message().contains("circuit breaker"))
                .extracting(LogRecord::message).containsExactly(
                        PREFIX + "redis circuit breaker opened after 3 consecutive failures: requests skip redis "
                                + "for 10 s",
                        PREFIX + "redis circuit breaker closed: the probe succeeded");
        try (RedisConnection admin = server.connect()) {
            assertThat(admin.command("get", GLOBAL_MINUTE_KEY)).isEqualTo("$1\r\n1\r\n");
        }
    }

    // ---- authentication and database ----

    @Test
    void countsOnAPasswordProtectedServerWithTheConfiguredPassword() throws IOException {
        RedisServerProcess server = ownServer(RedisServerProcess.startWithPassword(PASSWORD));
        PluginHarness harness = startOn(server, config(perMinute(3), "'password': '" + PASSWORD + "'", ""));
        HttpStream stream = sendPaused(harness, REQUEST);

        flush(harness, 2); // a new server: EVALSHA gets NOSCRIPT, then EVAL

        assertThat(outcome(stream)).isEqualTo("allowed");
        try (RedisConnection admin = server.connect()) {
            assertThat(admin.command("get", GLOBAL_MINUTE_KEY)).isEqualTo("$1\r\n1\r\n");
        }
    }

    @Test
    void loadsWithAWrongPasswordRetriesTheInitPerRequestAndNeverRevealsIt() {
        RedisServerProcess server = ownServer(RedisServerProcess.startWithPassword(PASSWORD));
        String wrongPassword = "wrong-pw-7f3a";
        PluginHarness harness = startOn(server, config(perMinute(3), "'password': '" + wrongPassword + "'", ""));
        String initFailed = "redis init for cluster " + CLUSTER + " failed: proxy_redis_init: INTERNAL_FAILURE";

        HttpStream stream = harness.newStream();
        HeaderStatus status = stream.requestHeaders(REQUEST, true);

        assertThat(status).isEqualTo(HeaderStatus.CONTINUE);
        assertThat(outcome(stream)).isEqualTo("passed");
        assertThat(harness.logs(LogLevel.WARN)).containsExactly(
                PREFIX + "failed to init redis: " + initFailed + ", will retry later");
        assertThat(harness.logs(LogLevel.ERROR)).containsExactly(failedCheck("allow", initFailed));
        assertThat(harness.logs()).noneMatch(message -> message.contains(wrongPassword));
        assertThat(harness.host().redisBridgeErrors()).as("the init at configuration time, then the request's")
                .hasSize(2).allSatisfy(error -> assertThat(error).contains("-WRONGPASS").doesNotContain(wrongPassword));
    }

    @Test
    void retriesTheInitPerRequestWhileTheServerIsDownAndCountsOnceItIsUp() throws IOException {
        RedisServerProcess server = ownServer(RedisServerProcess.start());
        server.stop();
        PluginHarness harness = startOn(server, config(perMinute(3), "", ""));
        HttpStream whileDown = harness.newStream();
        HeaderStatus statusWhileDown = whileDown.requestHeaders(REQUEST, true);

        server.restart();
        HttpStream afterwards = sendPaused(harness, REQUEST);
        flush(harness, 2); // a new server: EVALSHA gets NOSCRIPT, then EVAL

        assertThat(statusWhileDown).isEqualTo(HeaderStatus.CONTINUE);
        assertThat(outcome(whileDown)).isEqualTo("passed");
        assertThat(outcome(afterwards)).isEqualTo("allowed");
        assertThat(harness.logs(LogLevel.WARN)).singleElement().asString()
                .endsWith(", will retry later");
        assertThat(harness.logs(LogLevel.INFO)).contains(PREFIX + "redis init succeeded on retry");
        try (RedisConnection admin = server.connect()) {
            assertThat(admin.command("get", GLOBAL_MINUTE_KEY)).isEqualTo("$1\r\n1\r\n");
        }
    }

    @Test
    void keepsItsCountersInTheConfiguredDatabase() throws IOException {
        PluginHarness harness = startOn(redis, config(perMinute(3), "'database': 3", ""));
        HttpStream stream = sendPaused(harness, REQUEST);

        flush(harness, 1);

        assertThat(outcome(stream)).isEqualTo("allowed");
        assertThat(harness.redisInits()).containsExactly(new RedisInit(
                CLUSTER + "?db=3&buffer_flush_timeout=3&max_buffer_size_before_flush=1024", "", "", 1000));
        try (RedisConnection db3 = redis.connect(3); RedisConnection db0 = redis.connect()) {
            assertThat(db3.command("keys", "*")).isEqualTo("*1\r\n$57\r\n" + GLOBAL_MINUTE_KEY + "\r\n");
            assertThat(db3.command("get", GLOBAL_MINUTE_KEY)).isEqualTo("$1\r\n1\r\n");
            assertThat(db0.command("dbsize")).isEqualTo(":0\r\n");
        }
    }
}
