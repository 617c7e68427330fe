package io.wasmjava.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.core.LogLevel;
import io.wasmjava.host.HttpStream;
import io.wasmjava.host.LocalResponse;
import io.wasmjava.host.PendingRedisCall;
import io.wasmjava.host.RedisInit;
import io.wasmjava.redis.resp.RespDecoder;
import io.wasmjava.testkit.PluginHarness;
import io.wasmjava.testkit.PluginScenarios;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rate-limit plugin's behaviour, written once: {@link RateLimitPluginTest} runs it on the JVM and
 * {@link RateLimitPluginWasmIT} against the compiled {@code target/main.wasm}. Redis is {@link FakeRedis}, a model of
 * the script that answers the plugin's callouts with the RESP replies Redis would send; failures are injected with
 * {@link PendingRedisCall#fail} and error replies.
 */
abstract class RateLimitScenarios extends PluginScenarios {
    static final String PREFIX = "[cluster-key-rate-limit] [nil] [nil] ";
    static final String REDIS = "'redis': {'service_name': 'redis.dns'}";
    static final String CLUSTER = "outbound|6379||redis.dns";
    static final String GLOBAL_KEY = "higress-cluster-key-rate-limit:routeA:global_threshold:60";
    /** A non-zero status of {@code proxy_on_redis_call_response}: the host could not reach Redis. */
    static final int CALL_FAILED = 1;
    static final Headers RESPONSE = Headers.of(":status", "200", "content-type", "text/plain");

    /** A configuration in JSON written with single quotes, for readability. */
    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    /** A global limit of {@code perMinute} for rule routeA, plus {@code extra} fields. */
    static String global(int perMinute, String extra) {
        return json("{'rule_name': 'routeA', 'global_threshold': {'query_per_minute': " + perMinute + "}, "
                + (extra.isEmpty() ? "" : extra + ", ") + REDIS + "}");
    }

    static Headers request(String path, String... extraHeaders) {
        Headers.Builder headers = Headers.of(":authority", "example.com", ":method", "GET", ":path", path,
                ":scheme", "http").newBuilder();
        for (int i = 0; i < extraHeaders.length; i += 2) {
            headers.add(extraHeaders[i], extraHeaders[i + 1]);
        }
        return headers.build();
    }

    static final Headers REQUEST = request("/api");

    /** A rejection as the plugin sends it: with Higress's response code details. */
    static LocalResponse rejected(Headers headers, String body) {
        return new LocalResponse(429, "cluster-key-rate-limit.rejected",
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8), headers, -1);
    }

    /** The answer of failure_mode deny when the rate-limit check fails. */
    static final LocalResponse UNAVAILABLE = LocalResponse.of(503, Headers.empty(), "rate limit service unavailable");

    /** The error line of a failed rate-limit check under {@code mode} ({@code allow} or {@code deny}). */
    static String failedCheck(String mode, String reason) {
        return PREFIX + "rate limit check failed, failure_mode " + mode + ": " + reason;
    }

    /** The reason of a check whose Redis call to {@code cluster} the host failed with {@code hostStatus}. */
    static String callFailed(String cluster, int hostStatus) {
        return "redis call to cluster " + cluster + " failed with host status " + hostStatus;
    }

    /** What happened to a request: allowed (resumed after Redis answered), passed (never paused), or answered. */
    static String outcome(HttpStream stream) {
        LocalResponse local = stream.localResponse();
        if (local != null) {
            return "answered " + local.statusCode();
        }
        return stream.requestResumed() ? "allowed" : "passed";
    }

    /** The Redis key of a pending script call. */
    static String keyOf(PendingRedisCall call) {
        return RespDecoder.decodeOne(call.query()).asArray().get(3).asString();
    }

    /** The arguments of a pending call as text, e.g. {@code [evalsha, <sha>, 1, key, 3, 60]}. */
    static List<String> argumentsOf(PendingRedisCall call) {
        List<String> arguments = new ArrayList<>();
        RespDecoder.decodeOne(call.query()).asArray().forEach(value -> arguments.add(value.asString()));
        return arguments;
    }

    /** Sends request headers and returns the stream, having checked that the plugin paused it for Redis. */
    static HttpStream sendPaused(PluginHarness harness, Headers headers) {
        HttpStream stream = harness.newStream();
        assertThat(stream.requestHeaders(headers, true)).isEqualTo(HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        return stream;
    }

    /** Like {@link #sendPaused}, then fails the request's Redis call with {@link #CALL_FAILED}. */
    static HttpStream sendFailing(PluginHarness harness, Headers headers) {
        HttpStream stream = sendPaused(harness, headers);
        harness.pendingRedisCalls().get(0).fail(CALL_FAILED);
        return stream;
    }

    /** The error-level log lines of a configuration the plugin refused. */
    List<String> configErrors(String config) {
        PluginHarness harness = track(harness().config(config).build());
        assertThat(harness.start()).as("plugin start").isFalse();
        return harness.logs(LogLevel.ERROR);
    }

    // ---- admission ----

    @Test
    void letsExactlyTheThresholdThroughPerWindowAndDoesNotCountRejections() {
        PluginHarness harness = start(global(3, ""));
        FakeRedis redis = new FakeRedis(harness);

        List<String> outcomes = redis.outcomesOf(6, REQUEST);

        assertThat(outcomes).containsExactly("allowed", "allowed", "allowed", "answered 429", "answered 429",
                "answered 429");
        assertThat(redis.counter(GLOBAL_KEY)).isEqualTo(4L);
    }

    @Test
    void letsExactlyTheThresholdThroughWhenRequestsArriveTogether() {
        PluginHarness harness = start(global(3, ""));
        FakeRedis redis = new FakeRedis(harness);
        List<HttpStream> streams = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            streams.add(sendPaused(harness, REQUEST));
        }
        assertThat(harness.pendingRedisCalls()).hasSize(8);

        redis.answerAll();

        assertThat(streams.stream().map(RateLimitScenarios::outcome)).containsExactly("allowed", "allowed",
                "allowed", "answered 429", "answered 429", "answered 429", "answered 429", "answered 429");
    }

    @Test
    void startsAFreshWindowWhenTheCounterExpires() {
        PluginHarness harness = start(global(2, "'retry_after_header': true"));
        FakeRedis redis = new FakeRedis(harness);
        for (int i = 0; i < 2; i++) {
            redis.sendAndAnswer(REQUEST);
        }
        harness.advanceTime(20_000);

        HttpStream late = redis.sendAndAnswer(REQUEST);
        harness.advanceTime(39_999);
        HttpStream stillLate = redis.sendAndAnswer(REQUEST);
        harness.advanceTime(1);
        HttpStream next = redis.sendAndAnswer(REQUEST);

        assertThat(late.localResponse()).isEqualTo(rejected(
                Headers.of("x-ratelimit-reset", "40", "retry-after", "40"), "Too many requests"));
        assertThat(stillLate.localResponse()).isEqualTo(rejected(
                Headers.of("x-ratelimit-reset", "0", "retry-after", "1"), "Too many requests"));
        assertThat(outcome(next)).isEqualTo("allowed");
        assertThat(redis.counter(GLOBAL_KEY)).isEqualTo(1L);
    }

    // ---- key extraction ----

    /** One request against one rule item, and the Redis key it should be counted under (null: not limited). */
    record KeyCase(String name, String item, Headers request, String sourceAddress, String expectedKey) {
        @Override
        public String toString() {
            return name;
        }
    }

    static KeyCase keyCase(String name, String item, Headers request, String sourceAddress, String expectedKey) {
        return new KeyCase(name, item, request, sourceAddress, expectedKey);
    }

    static Stream<KeyCase> keyCases() {
        String prefix = "higress-cluster-key-rate-limit:routeA:";
        String header = "{'limit_by_header': 'x-api-key', 'limit_keys': [{'key': 'k1', 'query_per_second': 10}]}";
        String param = "{'limit_by_param': 'apikey', 'limit_keys': [{'key': 'p1', 'query_per_minute': 10}]}";
        String consumer = "{'limit_by_consumer': '', 'limit_keys': [{'key': 'bob', 'query_per_hour': 10}]}";
        String cookie = "{'limit_by_cookie': 'uid', 'limit_keys': [{'key': '42', 'query_per_day': 10}]}";
        String perHeader = "{'limit_by_per_header': 'x-user', 'limit_keys': [{'key': '*', 'query_per_second': 5}]}";
        String perHeaderRegexp = "{'limit_by_per_header': 'x-user', "
                + "'limit_keys': [{'key': 'regexp:^vip-[0-9]+$', 'query_per_second': 5}]}";
        String perParam = "{'limit_by_per_param': 'apikey', 'limit_keys': [{'key': '*', 'query_per_minute': 5}]}";
        String perConsumer = "{'limit_by_per_consumer': '', "
                + "'limit_keys': [{'key': 'regexp:^team-', 'query_per_hour': 5}]}";
        // RE2 syntax java.util.regex lacks (a POSIX class), and the pattern that backtracks for minutes there.
        String perHeaderPosix = "{'limit_by_per_header': 'x-user', "
                + "'limit_keys': [{'key': 'regexp:^u-[[:digit:]]+$', 'query_per_second': 5}]}";
        String perHeaderHostile = "{'limit_by_per_header': 'x-user', "
                + "'limit_keys': [{'key': 'regexp:(a+)+$', 'query_per_second': 5}]}";
        // Unicode categories and non-ASCII case folding use the runtime's tables: in a module, TeaVM's.
        String perHeaderUnicode = "{'limit_by_per_header': 'x-user', "
                + "'limit_keys': [{'key': 'regexp:(?i)^\\\\pL+-stra\u00dfe$', 'query_per_second': 5}]}";
        String perCookie = "{'limit_by_per_cookie': 'sid', 'limit_keys': [{'key': '*', 'query_per_day': 5}]}";
        String perIpRemote = "{'limit_by_per_ip': 'from-remote-addr', "
                + "'limit_keys': [{'key': '10.0.0.0/8', 'query_per_minute': 5}]}";
        String perIpHeader = "{'limit_by_per_ip': 'from-header-x-forwarded-for', "
                + "'limit_keys': [{'key': '2001:db8::/32', 'query_per_minute': 5}, "
                + "{'key': '203.0.113.9', 'query_per_minute': 5}]}";
        return Stream.of(
                keyCase("header, exact value", header, request("/", "x-api-key", "k1"), null,
                        prefix + "limit_by_header:1:x-api-key:k1"),
                keyCase("header, other value", header, request("/", "x-api-key", "k2"), null, null),
                keyCase("header, absent", header, request("/"), null, null),
                keyCase("param, exact value", param, request("/api?x=1&apikey=p1"), null,
                        prefix + "limit_by_param:60:apikey:p1"),
                keyCase("param, absent", param, request("/api?x=1"), null, null),
                keyCase("consumer", consumer, request("/", "x-mse-consumer", "bob"), null,
                        prefix + "limit_by_consumer:3600:x-mse-consumer:bob"),
                keyCase("consumer, the auth plugin's appended value wins over the client's", consumer,
                        request("/", "x-mse-consumer", "mallory", "x-mse-consumer", "bob"), null,
                        prefix + "limit_by_consumer:3600:x-mse-consumer:bob"),
                keyCase("cookie", cookie, request("/", "cookie", "a=1; uid=42"), null,
                        prefix + "limit_by_cookie:86400:uid:42"),
                keyCase("cookie, other value", cookie, request("/", "cookie", "uid=43"), null, null),
                keyCase("per_header, *", perHeader, request("/", "x-user", "u-7"), null,
                        prefix + "limit_by_per_header:1:x-user:u-7"),
                keyCase("per_header, regexp matches", perHeaderRegexp, request("/", "x-user", "vip-12"), null,
                        prefix + "limit_by_per_header:1:x-user:vip-12"),
                keyCase("per_header, regexp does not match", perHeaderRegexp, request("/", "x-user", "vip-x"), null,
                        null),
                keyCase("per_header, POSIX class", perHeaderPosix, request("/", "x-user", "u-2024"), null,
                        prefix + "limit_by_per_header:1:x-user:u-2024"),
                keyCase("per_header, POSIX class does not match", perHeaderPosix, request("/", "x-user", "u-x"), null,
                        null),
                keyCase("per_header, (a+)+$ against 10 KB of a and a !", perHeaderHostile,
                        request("/", "x-user", "a".repeat(10_239) + "!"), null, null),
                keyCase("per_header, (a+)+$ against 10 KB of a", perHeaderHostile,
                        request("/", "x-user", "b" + "a".repeat(10_239)), null,
                        prefix + "limit_by_per_header:1:x-user:b" + "a".repeat(10_239)),
                keyCase("per_header, (?i) letters and sharp s", perHeaderUnicode,
                        request("/", "x-user", "\u00c9CLAIR-STRA\u1e9eE"), null,
                        prefix + "limit_by_per_header:1:x-user:\u00c9CLAIR-STRA\u1e9eE"),
                keyCase("per_header, (?i) letters: a digit is not one", perHeaderUnicode,
                        request("/", "x-user", "eclair1-strasse"), null, null),
                keyCase("per_param, decoded value", perParam, request("/api?apikey=a%20b+c"), null,
                        prefix + "limit_by_per_param:60:apikey:a b c"),
                keyCase("per_consumer, regexp", perConsumer, request("/", "x-mse-consumer", "team-blue"), null,
                        prefix + "limit_by_per_consumer:3600:x-mse-consumer:team-blue"),
                keyCase("per_consumer, regexp does not match", perConsumer, request("/", "x-mse-consumer", "solo"),
                        null, null),
                keyCase("per_cookie, the value ends at its second = as in Higress", perCookie,
                        request("/", "cookie", "sid=abc=="), null, prefix + "limit_by_per_cookie:86400:sid:abc"),
                keyCase("per_ip, remote address in CIDR", perIpRemote, request("/"), "10.1.2.3:5678",
                        prefix + "limit_by_per_ip:60:from-remote-addr:10.1.2.3"),
                keyCase("per_ip, remote address outside CIDR", perIpRemote, request("/"), "192.168.0.1:5678",
                        null),
                keyCase("per_ip, IPv6 from header in canonical form", perIpHeader,
                        request("/", "x-forwarded-for", "2001:DB8:0:0:0:0:0:1, 10.0.0.1"), null,
                        prefix + "limit_by_per_ip:60:from-header-x-forwarded-for:2001:db8::1"),
                keyCase("per_ip, IPv4 from header, first element trimmed", perIpHeader,
                        request("/", "x-forwarded-for", " 203.0.113.9 , 10.0.0.1"), null,
                        prefix + "limit_by_per_ip:60:from-header-x-forwarded-for:203.0.113.9"),
                keyCase("per_ip, header is not an address", perIpHeader,
                        request("/", "x-forwarded-for", "unknown"), null, null),
                keyCase("per_ip, header absent", perIpHeader, request("/"), "10.1.2.3:5678", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keyCases")
    void countsEachKindOfKeyUnderHigressKeyFormat(KeyCase testCase) {
        PluginHarness harness = start(json("{'rule_name': 'routeA', 'rule_items': [" + testCase.item() + "], "
                + REDIS + "}"));
        HttpStream stream = harness.newStream();
        if (testCase.sourceAddress() != null) {
            stream.property(List.of("source", "address"), testCase.sourceAddress().getBytes(StandardCharsets.UTF_8));
        }

        HeaderStatus status = stream.requestHeaders(testCase.request(), true);

        if (testCase.expectedKey() == null) {
            assertThat(status).isEqualTo(HeaderStatus.CONTINUE);
            assertThat(harness.pendingRedisCalls()).isEmpty();
        } else {
            assertThat(status).isEqualTo(HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
            assertThat(harness.pendingRedisCalls()).singleElement()
                    .satisfies(call -> assertThat(keyOf(call)).isEqualTo(testCase.expectedKey()));
        }
    }

    @Test
    void theFirstMatchingItemAndKeyWin() {
        PluginHarness harness = start(json("{'rule_name': 'routeA', 'rule_items': ["
                + "{'limit_by_per_header': 'x-tier', 'limit_keys': ["
                + "  {'key': 'regexp:^gold', 'query_per_second': 100}, {'key': '*', 'query_per_second': 2}]},"
                + "{'limit_by_per_ip': 'from-remote-addr', 'limit_keys': [{'key': '0.0.0.0/0', 'query_per_minute': "
                + "30}]}"
                + "], " + REDIS + "}"));
        String prefix = "higress-cluster-key-rate-limit:routeA:";
        List<List<String>> commands = new ArrayList<>();

        for (Headers request : List.of(request("/", "x-tier", "gold-plus"), request("/", "x-tier", "silver"),
                request("/"))) {
            HttpStream stream = harness.newStream()
                    .property(List.of("source", "address"), "10.0.0.1:1234".getBytes(StandardCharsets.UTF_8));
            stream.requestHeaders(request, true);
            PendingRedisCall call = harness.pendingRedisCalls().get(0);
            List<String> arguments = argumentsOf(call);
            commands.add(arguments.subList(3, 6));
            call.reply("*3\r\n:1\r\n:1\r\n:1\r\n");
        }

        assertThat(commands).containsExactly(
                List.of(prefix + "limit_by_per_header:1:x-tier:gold-plus", "100", "1"),
                List.of(prefix + "limit_by_per_header:1:x-tier:silver", "2", "1"),
                List.of(prefix + "limit_by_per_ip:60:from-remote-addr:10.0.0.1", "30", "60"));
    }

    @Test
    void appliesPerRouteRulesWithTheirOwnNamesAndLimits() {
        PluginHarness harness = start(json("{'rule_name': 'routeA', 'global_threshold': {'query_per_minute': 100}, "
                + REDIS + ", '_rules_': [{'_match_route_': ['route-strict'], 'rule_name': 'strict', "
                + "'global_threshold': {'query_per_second': 1}, " + REDIS + "}]}"));

        harness.newStream().property("route_name", "route-strict").requestHeaders(REQUEST, true);
        harness.newStream().requestHeaders(REQUEST, true);

        assertThat(harness.pendingRedisCalls()).extracting(call -> argumentsOf(call).subList(3, 6)).containsExactly(
                List.of("higress-cluster-key-rate-limit:strict:global_threshold:1", "1", "1"),
                List.of(GLOBAL_KEY, "100", "60"));
    }

    @Test
    void reportsWhatHigressIgnoresInPerRouteRulesOnceWithTheRulesPath() {
        PluginHarness harness = start(json("{'rule_name': 'routeA', 'global_threshold': {'query_per_minute': 100}, "
                + "'rejected_mesage': 'x', " + REDIS + ", '_rules_': [{'_match_route_': ['route-strict'], "
                + "'rule_name': 'strict', 'global_threshold': {'query_per_second': 1, 'qps': 3}, " + REDIS + "}]}"));
        harness.newStream().property("route_name", "route-strict").requestHeaders(REQUEST, true);
        harness.newStream().requestHeaders(REQUEST, true);

        assertThat(harness.logs(LogLevel.WARN)).containsExactly(
                PREFIX + "rejected_mesage: unknown field (Higress ignores it)",
                PREFIX + "_rules_[0].global_threshold.qps: unknown field (Higress ignores it)");
    }

    // ---- the Redis protocol ----

    @Test
    void sendsOneEvalshaPerRequestToTheServiceCluster() {
        PluginHarness harness = start(global(3, ""));

        sendPaused(harness, REQUEST);

        PendingRedisCall call = harness.pendingRedisCalls().get(0);
        assertThat(call.cluster()).isEqualTo(CLUSTER);
        assertThat(call.queryText()).isEqualTo("*6\r\n$7\r\nevalsha\r\n$40\r\nf75c2aea299a588315100cb2ffd6fdeff447312b"
                + "\r\n$1\r\n1\r\n$57\r\n" + GLOBAL_KEY + "\r\n$1\r\n3\r\n$2\r\n60\r\n");
    }

    @Test
    void fallsBackToEvalOnceOnNoscriptThenUsesEvalshaAgain() {
        PluginHarness harness = start(global(3, ""));
        FakeRedis redis = new FakeRedis(harness).flushScripts();
        String evalsha = "*6\r\n$7\r\nevalsha\r\n$40\r\n" + FixedWindowScript.SHA1 + "\r\n$1\r\n1\r\n$57\r\n"
                + GLOBAL_KEY + "\r\n$1\r\n3\r\n$2\r\n60\r\n";
        String eval = "*6\r\n$4\r\neval\r\n$" + FixedWindowScript.TEXT.length() + "\r\n" + FixedWindowScript.TEXT
                + "\r\n$1\r\n1\r\n$57\r\n" + GLOBAL_KEY + "\r\n$1\r\n3\r\n$2\r\n60\r\n";

        HttpStream first = sendPaused(harness, REQUEST);
        assertThat(harness.pendingRedisCalls()).singleElement()
                .satisfies(call -> assertThat(call.queryText()).isEqualTo(evalsha));
        redis.answerOnly();
        assertThat(harness.pendingRedisCalls()).singleElement()
                .satisfies(call -> assertThat(call.queryText()).isEqualTo(eval));
        assertThat(first.requestResumed()).isFalse();
        redis.answerOnly();
        HttpStream second = sendPaused(harness, REQUEST);
        assertThat(harness.pendingRedisCalls()).singleElement()
                .satisfies(call -> assertThat(call.queryText()).isEqualTo(evalsha));
        redis.answerOnly();

        assertThat(outcome(first)).isEqualTo("allowed");
        assertThat(outcome(second)).isEqualTo("allowed");
        assertThat(redis.commands()).containsExactly("evalsha " + GLOBAL_KEY, "eval " + GLOBAL_KEY,
                "evalsha " + GLOBAL_KEY);
        assertThat(harness.logs(LogLevel.ERROR)).isEmpty();
    }

    @Test
    void initializesRedisWithTheConfiguredCredentialsTimeoutAndDatabase() {
        PluginHarness harness = start(json("{'rule_name': 'routeA', 'global_threshold': {'query_per_second': 1}, "
                + "'redis': {'service_name': 'redis.dns', 'username': 'limiter', 'password': 'pw', 'timeout': 250, "
                + "'database': 2}}"));

        assertThat(harness.redisInits()).containsExactly(new RedisInit(
                "outbound|6379||redis.dns?db=2&buffer_flush_timeout=3&max_buffer_size_before_flush=1024", "limiter",
                "pw", 250));
    }

    @Test
    void defaultsToPort80ForStaticServicesAndTimeout1000() {
        PluginHarness harness = start(json("{'rule_name': 'routeA', 'global_threshold': {'query_per_second': 1}, "
                + "'redis': {'service_name': 'redis.static', 'timeout': 0}}"));

        sendPaused(harness, REQUEST);

        assertThat(harness.redisInits()).containsExactly(new RedisInit(
                "outbound|80||redis.static?buffer_flush_timeout=3&max_buffer_size_before_flush=1024", "", "", 1000));
        assertThat(harness.pendingRedisCalls().get(0).cluster()).isEqualTo("outbound|80||redis.static");
    }

    @Test
    void reinitializesAndRetriesOnceOnNoauth() {
        PluginHarness harness = start(global(3, ""));
        FakeRedis redis = new FakeRedis(harness);
        HttpStream stream = sendPaused(harness, REQUEST);

        harness.pendingRedisCalls().get(0).reply("-NOAUTH Authentication required.\r\n");
        redis.answerOnly();

        assertThat(harness.redisInits()).hasSize(2);
        assertThat(outcome(stream)).isEqualTo("allowed");
    }

    // ---- failures ----

    @Test
    void letsRequestsThroughWhenRedisIsDownUnderFailureModeAllow() {
        PluginHarness harness = start(global(3, "'show_limit_quota_header': true"));
        HttpStream stream = sendPaused(harness, REQUEST);

        harness.pendingRedisCalls().get(0).fail(CALL_FAILED);
        stream.responseHeaders(RESPONSE, true);

        assertThat(outcome(stream)).isEqualTo("allowed");
        assertThat(stream.responseHeaders()).isEqualTo(RESPONSE);
        assertThat(harness.logs(LogLevel.ERROR)).containsExactly(
                failedCheck("allow", callFailed(CLUSTER, CALL_FAILED)));
    }

    @Test
    void answersTheFailureStatusWhenRedisIsDownUnderFailureModeDeny() {
        PluginHarness harness = start(global(3, "'failure_mode': 'deny'"));
        HttpStream stream = sendPaused(harness, REQUEST);

        harness.pendingRedisCalls().get(0).fail(CALL_FAILED);

        assertThat(stream.localResponses()).containsExactly(UNAVAILABLE);
        assertThat(stream.requestResumed()).isFalse();
    }

    @Test
    void usesTheConfiguredFailureStatusAndMessage() {
        PluginHarness harness = start(global(3,
                "'failure_mode': 'deny', 'failure_status': 500, 'failure_msg': 'limiter down'"));
        HttpStream stream = sendPaused(harness, REQUEST);

        harness.pendingRedisCalls().get(0).fail(CALL_FAILED);

        assertThat(stream.localResponse()).isEqualTo(LocalResponse.of(500, Headers.empty(), "limiter down"));
    }

    @Test
    void dropsTheAnswerForARequestThatEndedWhileWaiting() {
        PluginHarness harness = start(global(3, ""));
        HttpStream stream = sendPaused(harness, REQUEST);
        stream.complete();

        new FakeRedis(harness).answerOnly();

        assertThat(stream.requestResumeCount()).isZero();
        assertThat(stream.localResponses()).isEmpty();
    }

    // ---- circuit breaker ----

    @Test
    void opensTheBreakerAfterConsecutiveFailuresAndSkipsRedisWhileOpen() {
        PluginHarness harness = start(global(3, "'circuit_breaker': {'failures': 3, 'open_seconds': 10}"));
        for (int i = 0; i < 3; i++) {
            sendFailing(harness, REQUEST);
        }

        HttpStream skipped = harness.newStream();
        HeaderStatus status = skipped.requestHeaders(REQUEST, true);
        harness.advanceTime(9_999);
        HeaderStatus stillSkipped = harness.newStream().requestHeaders(REQUEST, true);

        assertThat(status).isEqualTo(HeaderStatus.CONTINUE);
        assertThat(stillSkipped).isEqualTo(HeaderStatus.CONTINUE);
        assertThat(harness.pendingRedisCalls()).isEmpty();
        assertThat(outcome(skipped)).isEqualTo("passed");
        assertThat(harness.logs(LogLevel.WARN)).containsExactly(PREFIX + "redis circuit breaker opened after 3 "
                + "consecutive failures: requests skip redis for 10 s");
        assertThat(harness.logs(LogLevel.ERROR)).hasSize(3);
    }

    @Test
    void answersAtOnceWhileTheBreakerIsOpenUnderFailureModeDeny() {
        PluginHarness harness = start(global(3, "'failure_mode': 'deny', 'circuit_breaker': {'failures': 2}"));
        for (int i = 0; i < 2; i++) {
            sendFailing(harness, REQUEST);
        }

        HttpStream stream = harness.newStream();
        HeaderStatus status = stream.requestHeaders(REQUEST, true);

        assertThat(status).isEqualTo(HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        assertThat(harness.pendingRedisCalls()).isEmpty();
        assertThat(stream.localResponses()).containsExactly(UNAVAILABLE);
    }

    @Test
    void closesTheBreakerWhenTheProbeAfterOpenSecondsSucceeds() {
        PluginHarness harness = start(global(3, "'circuit_breaker': {'failures': 2, 'open_seconds': 5}"));
        FakeRedis redis = new FakeRedis(harness);
        for (int i = 0; i < 2; i++) {
            sendFailing(harness, REQUEST);
        }
        harness.advanceTime(5_000);

        HttpStream probe = sendPaused(harness, REQUEST);
        HeaderStatus duringProbe = harness.newStream().requestHeaders(REQUEST, true);
        assertThat(harness.pendingRedisCalls()).hasSize(1);
        redis.answerOnly();
        HttpStream afterwards = redis.sendAndAnswer(REQUEST);

        assertThat(duringProbe).isEqualTo(HeaderStatus.CONTINUE);
        assertThat(outcome(probe)).isEqualTo("allowed");
        assertThat(outcome(afterwards)).isEqualTo("allowed");
        assertThat(harness.logs(LogLevel.INFO)).contains(PREFIX + "redis circuit breaker closed: the probe succeeded");
    }

    @Test
    void reopensTheBreakerWhenTheProbeFails() {
        PluginHarness harness = start(global(3, "'circuit_breaker': {'failures': 1, 'open_seconds': 5}"));
        sendFailing(harness, REQUEST);
        harness.advanceTime(5_000);
        sendPaused(harness, REQUEST);

        harness.pendingRedisCalls().get(0).fail(CALL_FAILED);
        harness.advanceTime(4_999);
        HeaderStatus skipped = harness.newStream().requestHeaders(REQUEST, true);
        harness.advanceTime(1);
        HeaderStatus probed = harness.newStream().requestHeaders(REQUEST, true);

        assertThat(skipped).isEqualTo(HeaderStatus.CONTINUE);
        assertThat(probed).isEqualTo(HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        assertThat(harness.logs(LogLevel.WARN)).containsExactly(
                PREFIX + "redis circuit breaker opened after 1 consecutive failures: requests skip redis for 5 s",
                PREFIX + "redis circuit breaker probe failed: requests skip redis for another 5 s");
    }

    @Test
    void doesNotCountNoscriptAsAFailure() {
        PluginHarness harness = start(global(3, "'circuit_breaker': {'failures': 1}"));
        FakeRedis redis = new FakeRedis(harness).flushScripts();

        redis.sendAndAnswer(REQUEST);
        redis.answerOnly();
        sendPaused(harness, REQUEST);

        assertThat(harness.pendingRedisCalls()).hasSize(1);
        assertThat(harness.logs(LogLevel.WARN)).isEmpty();
    }

    // ---- headers ----

    @Test
    void addsNoHeadersToAllowedResponsesByDefault() {
        PluginHarness harness = start(global(3, ""));
        HttpStream stream = sendPaused(harness, REQUEST);
        new FakeRedis(harness).answerOnly();

        stream.responseHeaders(RESPONSE, true);

        assertThat(stream.responseHeaders()).isEqualTo(RESPONSE);
    }

    @Test
    void addsQuotaAndIetfHeadersToAllowedResponses() {
        PluginHarness harness = start(global(3, "'show_limit_quota_header': true, 'ietf_headers': true, "
                + "'reset_header_on_allowed': true"));
        FakeRedis redis = new FakeRedis(harness);
        redis.sendAndAnswer(REQUEST);
        harness.advanceTime(15_000);
        HttpStream stream = redis.sendAndAnswer(REQUEST);

        stream.responseHeaders(Headers.of(":status", "200", "x-ratelimit-limit", "999"), true);

        assertThat(stream.responseHeaders()).isEqualTo(Headers.of(":status", "200",
                "x-ratelimit-limit", "3", "x-ratelimit-remaining", "1", "x-ratelimit-reset", "45",
                "ratelimit-policy", "\"routeA\";q=3;w=60", "ratelimit", "\"routeA\";r=1;t=45"));
    }

    @Test
    void rejectsWithTheResetOnlyByDefaultAsHigress() {
        PluginHarness harness = start(global(1, ""));
        FakeRedis redis = new FakeRedis(harness);
        redis.sendAndAnswer(REQUEST);
        harness.advanceTime(5_000);

        HttpStream rejected = redis.sendAndAnswer(REQUEST);

        assertThat(rejected.localResponses()).containsExactly(rejected(
                Headers.of("x-ratelimit-reset", "55"), "Too many requests"));
        assertThat(rejected.requestResumed()).isFalse();
    }

    @Test
    void rejectsWithEveryHeaderAndTheConfiguredCodeAndMessage() {
        PluginHarness harness = start(global(1, "'show_limit_quota_header': true, 'ietf_headers': true, "
                + "'retry_after_header': true, 'rejected_code': 503, 'rejected_msg': 'slow down'"));
        FakeRedis redis = new FakeRedis(harness);
        redis.sendAndAnswer(REQUEST);

        HttpStream rejected = redis.sendAndAnswer(REQUEST);

        assertThat(rejected.localResponse()).isEqualTo(new LocalResponse(503, "cluster-key-rate-limit.rejected",
                "slow down".getBytes(java.nio.charset.StandardCharsets.UTF_8), Headers.of(
                "x-ratelimit-limit", "1", "x-ratelimit-remaining", "0", "x-ratelimit-reset", "60",
                "retry-after", "60", "ratelimit-policy", "\"routeA\";q=1;w=60", "ratelimit", "\"routeA\";r=0;t=60"),
                -1));
    }

    // ---- configuration ----

    /**
     * Configurations this plugin refuses, with the error after its path: Higress's own errors (rows made by
     * {@link #invalid}, refused in both modes; {@link HigressCompatibilityScenarios} has the full table) and what
     * {@code strict_config: true} adds (rows made by {@link #strict}): everything Higress accepts silently, which the
     * default mode only reports at WARN.
     */
    static Stream<Arguments> invalidConfigurations() {
        String item = "{'limit_by_header': 'x-k', 'limit_keys': [{'key': 'a', 'query_per_second': 1}]}";
        String itemError = "failed to parse rule_item in rule_items: ";
        String noType = itemError + "only one of 'limit_by_header' and 'limit_by_param' and 'limit_by_consumer' and "
                + "'limit_by_cookie' and 'limit_by_per_header' and 'limit_by_per_param' and "
                + "'limit_by_per_consumer' and "
                + "'limit_by_per_cookie' and 'limit_by_per_ip' can be set";
        String queryPers = "'query_per_second', 'query_per_minute', 'query_per_hour', or 'query_per_day'";
        return Stream.of(
                strict("two limit_by_* in one item",
                        "'rule_items': [" + item + ", {'limit_by_header': 'x-a', 'limit_by_param': 'p', "
                                + "'limit_keys': [{'key': 'a', 'query_per_second': 1}]}]",
                        "rule_items[1].limit_by_header: ignored: limit_by_param is also set and wins, as in Higress, "
                                + "which reads the limit_by_* fields in a fixed order and keeps the last one set"),
                invalid("no limit_by_* in an item",
                        "'rule_items': [{'limit_keys': [{'key': 'a', 'query_per_second': 1}]}]",
                        "rule_items[0]: " + noType),
                strict("two query_per_* in a key",
                        "'rule_items': [{'limit_by_header': 'x-k', "
                                + "'limit_keys': [{'key': 'a', 'query_per_second': 1, 'query_per_minute': 9}]}]",
                        "rule_items[0].limit_keys[0].query_per_minute: ignored: query_per_second is also set and this "
                                + "plugin uses the shortest window set (Higress uses one of them at random)"),
                strict("two query_per_* in global_threshold",
                        "'global_threshold': {'query_per_day': 1, 'query_per_second': 1}",
                        "global_threshold.query_per_day: ignored: query_per_second is also set and this plugin uses "
                                + "the shortest window set (Higress uses one of them at random)"),
                invalid("no query_per_* in global_threshold", "'global_threshold': {}",
                        "global_threshold: failed to parse global_threshold: one of " + queryPers
                                + " must be set for global_threshold"),
                invalid("zero threshold", "'global_threshold': {'query_per_second': 0}",
                        "global_threshold.query_per_second: failed to parse global_threshold: 'query_per_second' must "
                                + "be a positive integer, got 0"),
                strict("fractional threshold", "'global_threshold': {'query_per_second': 1.5}",
                        "global_threshold.query_per_second: expected integer but was 1.5"),
                strict("threshold as a string", "'global_threshold': {'query_per_second': '10'}",
                        "global_threshold.query_per_second: expected integer but was string \"10\""),
                strict("* with an exact type",
                        "'rule_items': [{'limit_by_header': 'x-k', 'limit_keys': [{'key': '*', 'query_per_second': "
                                + "1}]}]",
                        "rule_items[0].limit_keys[0].key: matches only the value \"*\" itself: \"*\" and \"regexp:\" "
                                + "keys are patterns only with limit_by_per_* types (Higress reads them the same way)"),
                strict("regexp: with an exact type",
                        "'rule_items': [{'limit_by_param': 'p', 'limit_keys': [{'key': 'regexp:a', "
                                + "'query_per_second': 1}]}]",
                        "rule_items[0].limit_keys[0].key: matches only the value \"regexp:a\" itself: \"*\" and "
                                + "\"regexp:\" keys are patterns only with limit_by_per_* types (Higress reads "
                                + "them the "
                                + "same way)"),
                invalid("exact key with a per type",
                        "'rule_items': [{'limit_by_per_header': 'x-k', 'limit_keys': [{'key': 'abc', "
                                + "'query_per_second': 1}]}]",
                        "rule_items[0].limit_keys[0].key: " + itemError + "the 'limit_by_per_header' restriction must "
                                + "start with 'regexp:' or be exactly '*'"),
                strict("empty regexp",
                        "'rule_items': [{'limit_by_per_cookie': 'c', 'limit_keys': [{'key': 'regexp:', "
                                + "'query_per_second': 1}]}]",
                        "rule_items[0].limit_keys[0].key: empty regular expression after \"regexp:\": it matches every "
                                + "value, like \"*\" (as in Higress)"),
                strict("IPv4 length above 32",
                        "'rule_items': [{'limit_by_per_ip': 'from-remote-addr', 'limit_keys': ["
                                + "{'key': '10.0.0.0/8', 'query_per_second': 1}, {'key': '10.0.0.0/33', "
                                + "'query_per_second': 1}]}]",
                        "rule_items[0].limit_keys[1].key: the length \"33\" is read by Higress as 0, so the key covers "
                                + "every client, IPv4 and IPv6"),
                strict("IPv4 key with leading zeros",
                        "'rule_items': [{'limit_by_per_ip': 'from-remote-addr', 'limit_keys': ["
                                + "{'key': '010.0..1', 'query_per_second': 1}]}]",
                        "rule_items[0].limit_keys[0].key: the address is read by Higress as 10.0.0.1"),
                invalid("IPv6 CIDR prefix too long",
                        "'rule_items': [{'limit_by_per_ip': 'from-remote-addr', 'limit_keys': ["
                                + "{'key': '2001:db8::/129', 'query_per_second': 1}]}]",
                        "rule_items[0].limit_keys[0].key: " + itemError + "failed to parse IPNet for key "
                                + "'2001:db8::/129': invalid IP[2001:db8::/129]"),
                invalid("not an address",
                        "'rule_items': [{'limit_by_per_ip': 'from-remote-addr', 'limit_keys': ["
                                + "{'key': '10.0.0.256', 'query_per_second': 1}]}]",
                        "rule_items[0].limit_keys[0].key: " + itemError + "failed to parse IPNet for key "
                                + "'10.0.0.256': invalid IP[10.0.0.256]"),
                invalid("unknown IP source",
                        "'rule_items': [{'limit_by_per_ip': 'remote', 'limit_keys': [{'key': '10.0.0.1', "
                                + "'query_per_second': 1}]}]",
                        "rule_items[0].limit_by_per_ip: " + itemError + "the 'limit_by_per_ip' restriction must start "
                                + "with 'from-header-' or be exactly 'from-remote-addr'"),
                invalid("IP header without a name",
                        "'rule_items': [{'limit_by_per_ip': 'from-header-', 'limit_keys': [{'key': '10.0.0.1', "
                                + "'query_per_second': 1}]}]",
                        "rule_items[0].limit_by_per_ip: " + itemError
                                + "limit_by_per_ip parse error: empty after 'from-header-'"),
                strict("consumer with a header name",
                        "'rule_items': [{'limit_by_consumer': 'x-user', 'limit_keys': [{'key': 'a', "
                                + "'query_per_second': 1}]}]",
                        "rule_items[0].limit_by_consumer: the value is ignored: the consumer is always read from the "
                                + "x-mse-consumer header (as in Higress)"),
                strict("empty header name",
                        "'rule_items': [{'limit_by_header': '', 'limit_keys': [{'key': 'a', 'query_per_second': 1}]}]",
                        "rule_items[0].limit_by_header: ignored: empty, so it counts as unset (as in Higress)"),
                invalid("empty header name, the only limit_by_*",
                        "'rule_items': [{'limit_by_header': '', 'limit_keys': [{'key': 'a', 'query_per_second': 1}]}]",
                        "rule_items[0]: " + noType),
                strict("misspelt item field",
                        "'rule_items': [{'limit_by_header': 'x-k', 'limit_key': []}]",
                        "rule_items[0].limit_key: unknown field (Higress ignores it)"),
                strict("one object where a list is read", "'rule_items': " + item,
                        "rule_items: expected array but was object"),
                invalid("both global_threshold and rule_items",
                        "'global_threshold': {'query_per_second': 1}, 'rule_items': [" + item + "]",
                        "$: 'global_threshold' and 'rule_items' cannot be set at the same time"),
                invalid("neither global_threshold nor rule_items", "'show_limit_quota_header': true",
                        "$: at least one of 'global_threshold' or 'rule_items' must be set"),
                invalid("empty rule_items", "'rule_items': []", "rule_items: config rule_items cannot be empty"),
                invalid("empty limit_keys", "'rule_items': [{'limit_by_header': 'x-k', 'limit_keys': []}]",
                        "rule_items[0].limit_keys: " + itemError + "config limit_keys cannot be empty"),
                invalid("missing limit_keys", "'rule_items': [{'limit_by_header': 'x-k'}]",
                        "rule_items[0].limit_keys: " + itemError + "missing limit_keys in config"),
                invalid("missing key",
                        "'rule_items': [{'limit_by_header': 'x-k', 'limit_keys': [{'query_per_second': 1}]}]",
                        "rule_items[0].limit_keys[0].key: " + itemError + "limit_keys key is required"),
                strict("misspelt top-level field", "'global_threshold': {'query_per_second': 1}, "
                        + "'rejected_message': 'x'",
                        "rejected_message: unknown field (Higress ignores it)"),
                invalid("bad failure_mode", "'global_threshold': {'query_per_second': 1}, 'failure_mode': 'open'",
                        "failure_mode: must be \"allow\" or \"deny\" but was \"open\""),
                strict("rejected_code out of range", "'global_threshold': {'query_per_second': 1}, 'rejected_code': 99",
                        "rejected_code: must be between 200 and 599 but was 99 (Higress accepts it and sends it as the "
                                + "status)"),
                strict("show_limit_quota_header as a string",
                        "'global_threshold': {'query_per_second': 1}, 'show_limit_quota_header': 'true'",
                        "show_limit_quota_header: expected boolean but was string \"true\""),
                strict("rejected_msg null", "'global_threshold': {'query_per_second': 1}, 'rejected_msg': null",
                        "rejected_msg: expected string but was null"),
                invalid("zero open_seconds",
                        "'global_threshold': {'query_per_second': 1}, 'circuit_breaker': {'open_seconds': 0}",
                        "circuit_breaker.open_seconds: must be between 1 and 86400 but was 0"),
                strict("misspelt breaker field",
                        "'global_threshold': {'query_per_second': 1}, 'circuit_breaker': {'failure': 3}",
                        "circuit_breaker.failure: unknown field (Higress ignores it)"),
                invalid("strict_config as a string", "'global_threshold': {'query_per_second': 1}, "
                        + "'strict_config': 'yes'", "strict_config: expected boolean but was string"));
    }

    /** A configuration of rule routeA that both modes refuse. */
    static Arguments invalid(String name, String fields, String message) {
        return Arguments.of(name, json("{'rule_name': 'routeA', " + fields + ", " + REDIS + "}"), message);
    }

    /** A configuration of rule routeA that only {@code strict_config: true} refuses. */
    static Arguments strict(String name, String fields, String message) {
        return Arguments.of("strict_config: " + name, json("{'rule_name': 'routeA', 'strict_config': true, " + fields
                + ", " + REDIS + "}"), message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidConfigurations")
    void refusesInvalidConfigurationsNamingThePath(String name, String config, String message) {
        assertThat(configErrors(config)).containsExactly(PREFIX + "parse rule config failed: " + message,
                PREFIX + "plugin start failed");
    }

    static Stream<Arguments> invalidRedisSections() {
        return Stream.of(
                Arguments.of("missing redis", "", "redis: missing redis in config"),
                Arguments.of("missing service_name", ", 'redis': {'service_port': 6379}",
                        "redis.service_name: redis service name must not be empty"),
                Arguments.of("port out of range", ", 'redis': {'service_name': 'redis.dns', 'service_port': 70000}",
                        "redis.service_port: must be between 0 and 65535 but was 70000"),
                Arguments.of("service name with a space", ", 'redis': {'service_name': 'redis .dns'}",
                        "redis.service_name: must not contain whitespace or control characters but was \"redis .dns\""),
                Arguments.of("misspelt field under strict_config", ", 'strict_config': true, "
                        + "'redis': {'service_name': 'redis.dns', 'pasword': 'x'}",
                        "redis.pasword: unknown field (Higress ignores it)"),
                Arguments.of("negative timeout", ", 'redis': {'service_name': 'redis.dns', 'timeout': -1}",
                        "redis.timeout: must be between 0 and 2147483647 but was -1"),
                Arguments.of("timeout above ten minutes under strict_config", ", 'strict_config': true, "
                        + "'redis': {'service_name': 'redis.dns', 'timeout': 600001}",
                        "redis.timeout: must be between 0 and 600000 but was 600001"),
                Arguments.of("negative database", ", 'redis': {'service_name': 'redis.dns', 'database': -1}",
                        "redis.database: must be between 0 and 2147483647 but was -1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRedisSections")
    void refusesInvalidRedisSections(String name, String redis, String message) {
        String config = json("{'rule_name': 'routeA', 'global_threshold': {'query_per_second': 1}" + redis + "}");

        assertThat(configErrors(config)).containsExactly(PREFIX + "parse rule config failed: " + message,
                PREFIX + "plugin start failed");
    }

    @Test
    void refusesNonAsciiRuleNamesWithIetfHeaders() {
        assertThat(configErrors(json("{'rule_name': '限流', 'global_threshold': {'query_per_second': 1}, "
                + "'ietf_headers': true, " + REDIS + "}"))).containsExactly(
                        PREFIX + "parse rule config failed: rule_name: must be printable ASCII when ietf_headers is "
                                + "true, as it names the RateLimit-Policy",
                        PREFIX + "plugin start failed");
    }

    /** Go's {@code regexp.Compile} message for each (golang/go src/regexp/syntax/parse.go, ErrorCode texts). */
    static Stream<Arguments> invalidRegularExpressions() {
        return Stream.of(
                Arguments.of("(unclosed", "missing closing ): `(unclosed`"),
                Arguments.of("[a-", "missing closing ]: `[a-`"),
                Arguments.of("a{2,1}", "invalid repeat count: `{2,1}`"),
                Arguments.of("*x", "missing argument to repetition operator: `*`"),
                Arguments.of("(?=vip)", "invalid or unsupported Perl syntax: `(?=`"),
                Arguments.of("(?<=vip)-x", "invalid named capture: `(?<=vip)-x`"),
                Arguments.of("(a)\\\\1", "invalid escape sequence: `\\1`"),
                Arguments.of("a++", "invalid nested repetition operator: `++`"),
                Arguments.of("(?>a)", "invalid or unsupported Perl syntax: `(?>`"),
                Arguments.of("x{1001}", "invalid repeat count: `{1001}`"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRegularExpressions")
    void refusesInvalidRegularExpressionsWithGosMessageNamingThePath(String regex, String goMessage) {
        String config = json("{'rule_name': 'routeA', 'rule_items': [{'limit_by_per_header': 'x-k', 'limit_keys': "
                + "[{'key': 'regexp:" + regex + "', 'query_per_second': 1}]}], " + REDIS + "}");

        // Higress wraps Go's error (config.go:339-341); the key is quoted as written, JSON escapes undone.
        String key = "regexp:" + regex.replace("\\\\", "\\");
        assertThat(configErrors(config)).containsExactly(PREFIX + "parse rule config failed: "
                + "rule_items[0].limit_keys[0].key: failed to parse rule_item in rule_items: failed to compile regex "
                + "for key '" + key + "': error parsing regexp: " + goMessage,
                PREFIX + "plugin start failed");
    }

    @Test
    void doesNotInitializeRedisForAnInvalidConfiguration() {
        PluginHarness harness = track(harness().config(global(0, "")).build());

        assertThat(harness.start()).isFalse();

        assertThat(harness.redisInits()).isEmpty();
    }

    @Test
    void warnsAboutItemsThatRepeatATypeAndName() {
        PluginHarness harness = start(json("{'rule_name': 'routeA', 'rule_items': ["
                + "{'limit_by_header': 'x-k', 'limit_keys': [{'key': 'a', 'query_per_second': 1}]},"
                + "{'limit_by_header': 'x-k', 'limit_keys': [{'key': 'b', 'query_per_second': 1}]}], " + REDIS + "}"));

        assertThat(harness.logs(LogLevel.WARN)).containsExactly(PREFIX + "rule_items[1]: another item before it "
                + "also uses limit_by_header \"x-k\"; the first item whose keys match wins");
    }

    // ---- secrets ----

    @Test
    void neverLogsTheRedisPassword() {
        String password = "hunter2-Pa55w0rd";
        String redis = "'redis': {'service_name': 'redis.dns', 'username': 'limiter', 'password': '" + password + "'}";
        List<String> logs = new ArrayList<>();

        PluginHarness refused = start(harness().knownClusters("outbound|6379||other.dns")
                .config(json("{'rule_name': 'routeA', 'global_threshold': {'query_per_second': 1}, " + redis + "}")));
        refused.newStream().requestHeaders(REQUEST, true);
        logs.addAll(refused.logs());
        logs.addAll(configErrors(json("{'rule_name': 'routeA', 'global_threshold': {'query_per_second': 1}, "
                + "'strict_config': true, 'bogus': 1, " + redis + "}")));
        // A numeric password and the warnings of the default mode.
        PluginHarness warned = start(json("{'rule_name': 'routeA', 'global_threshold': {'query_per_second': 1}, "
                + "'bogus': 1, 'redis': {'service_name': 'redis.dns', 'password': 31415926, 'pasword': 'x'}}"));
        logs.addAll(warned.logs());
        assertThat(warned.redisInits()).extracting(RedisInit::password).containsExactly("31415926");
        PluginHarness harness = start(json("{'rule_name': 'routeA', 'global_threshold': {'query_per_second': 1}, "
                + "'failure_mode': 'deny', 'circuit_breaker': {'failures': 1}, " + redis + "}"));
        sendPaused(harness, REQUEST);
        harness.pendingRedisCalls().get(0).reply("-NOAUTH Authentication required.\r\n");
        for (int i = 0; i < 2; i++) { // the retried EVALSHA, then the EVAL it falls back to
            harness.pendingRedisCalls().get(0).reply(
                    "-WRONGPASS invalid username-password pair or user is disabled.\r\n");
        }
        harness.newStream().requestHeaders(REQUEST, true);
        logs.addAll(harness.logs());

        assertThat(harness.redisInits()).extracting(RedisInit::password).containsExactly(password, password);
        assertThat(logs).isNotEmpty().noneMatch(line -> line.contains(password) || line.contains("hunter2")
                || line.contains("31415926"));
    }
}
