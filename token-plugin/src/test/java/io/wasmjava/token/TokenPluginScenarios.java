package io.wasmjava.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.core.LogLevel;
import io.wasmjava.host.HttpStream;
import io.wasmjava.host.LocalResponse;
import io.wasmjava.host.PendingHttpCall;
import io.wasmjava.testkit.PluginHarness;
import io.wasmjava.testkit.PluginScenarios;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The token plugin's behaviour (plugin-anchors.md B1 seed, B10); {@link TokenPluginTest} runs it on the JVM,
 * {@link TokenPluginWasmIT} as the compiled module. The test is the event loop: it sends requests, answers the token
 * fetch (or fails it) and moves the host clock.
 */
abstract class TokenPluginScenarios extends PluginScenarios {
    /** Higress's {@code http-call} example configuration, unchanged. */
    static final String SEED =
            "{\"serviceName\":\"token.static\",\"servicePort\":80,\"requestPath\":\"/token\",\"tokenHeader\":\"x-token\"}";
    /** A JSON token service: token and lifetime from the body, injected as a bearer token. */
    static final String JSON_SOURCE = "{\"serviceName\":\"token.static\",\"servicePort\":80,\"requestPath\":\"/token\","
            + "\"tokenJsonPath\":\"data.access_token\",\"expiresInJsonPath\":\"data.expires_in\","
            + "\"injectFormat\":\"Bearer {token}\"}";
    static final String CLUSTER = "outbound|80||token.static";
    static final Headers TOKEN_CALL = Headers.of(":method", "GET", ":path", "/token", ":authority", "token.static");
    static final Headers REQUEST = Headers.of(":authority", "api.example", ":method", "GET", ":path", "/orders",
            ":scheme", "https", "x-request-id", "req-1");
    static final String PLUGIN_LOG = "[token-plugin] [nil] [nil] ";
    static final String REQUEST_LOG = "[token-plugin] [nil] [req-1] ";
    /** The end of the WARN line of a first failed fetch: the default pause ({@link FetchBackoff}) before the next. */
    static final String PAUSED = "; no new fetch for 1000 ms";

    /** {@code base} with {@code extraFields} (JSON members, without braces) added. */
    static String with(String base, String extraFields) {
        return base.substring(0, base.length() - 1) + "," + extraFields + "}";
    }

    static Headers plus(Headers headers, String... namesAndValues) {
        Headers.Builder builder = headers.newBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            builder.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return builder.build();
    }

    static byte[] tokenBody(String token, long expiresInSeconds) {
        return ("{\"data\":{\"access_token\":\"" + token + "\",\"expires_in\":" + expiresInSeconds
                + ",\"token_type\":\"Bearer\"}}").getBytes(StandardCharsets.UTF_8);
    }

    /** {@code text} as a JSON string literal, control characters escaped as {@code \\uXXXX}. */
    static String jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c < 0x20 || c == '"' || c == '\\') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The one call out now; fails if there is not exactly one. */
    static PendingHttpCall onlyCall(PluginHarness harness) {
        List<PendingHttpCall> calls = harness.pendingHttpCalls();
        assertThat(calls).as("pending token fetches").hasSize(1);
        return calls.get(0);
    }

    /** Answers the token fetch with a JSON token. */
    static void answerJson(PendingHttpCall call, String token, long expiresInSeconds) {
        call.respond(200, Headers.of("content-type", "application/json"), tokenBody(token, expiresInSeconds));
    }

    /** Sends {@link #REQUEST} (plus {@code extra} headers) on a new stream; asserts the status the plugin returned. */
    static HttpStream request(PluginHarness harness, HeaderStatus expected, String... extra) {
        HttpStream stream = harness.newStream();
        assertThat(stream.requestHeaders(plus(REQUEST, extra), true)).isEqualTo(expected);
        return stream;
    }

    /** {@code stream} went on once, carrying {@link #REQUEST} with the bearer {@code token} injected. */
    static void assertResumedWithBearer(HttpStream stream, String token) {
        assertThat(stream.requestHeaders()).isEqualTo(plus(REQUEST, "authorization", "Bearer " + token));
        assertThat(stream.requestResumeCount()).isEqualTo(1);
    }

    /** Starts with {@link #JSON_SOURCE} plus {@code extraFields} and caches {@code token} for 60 s. */
    PluginHarness startWithCachedToken(String extraFields, String token) {
        PluginHarness harness = start(extraFields.isEmpty() ? JSON_SOURCE : with(JSON_SOURCE, extraFields));
        HttpStream first = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        answerJson(onlyCall(harness), token, 60);
        assertThat(first.requestHeaders()).isEqualTo(plus(REQUEST, "authorization", "Bearer " + token));
        first.complete();
        return harness;
    }

    // ---- fetching and injecting ----

    @Test
    void seedConfigurationFetchesTheTokenAndInjectsTheResponseHeader() {
        PluginHarness harness = start(SEED);
        HttpStream stream = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        PendingHttpCall call = onlyCall(harness);

        assertThat(call.cluster()).isEqualTo(CLUSTER);
        assertThat(call.headers()).isEqualTo(TOKEN_CALL);
        assertThat(call.bodyText()).isEmpty();
        assertThat(call.timeoutMillis()).isEqualTo(500);
        call.respond(200, Headers.of("x-token", "tok-seed-1", "content-type", "text/plain"), new byte[0]);

        assertThat(stream.requestHeaders()).isEqualTo(plus(REQUEST, "x-token", "tok-seed-1"));
        assertThat(stream.requestResumeCount()).isEqualTo(1);
        assertThat(stream.localResponse()).isNull();
        assertThat(harness.logs(LogLevel.INFO)).containsExactly(
                PLUGIN_LOG + "plugin start successfully",
                PLUGIN_LOG + "token fetched: 10 chars, not cached");
    }

    @Test
    void seedBodyHeaderCarriesTheTokenResponseBodyWithNewlinesReplaced() {
        PluginHarness harness = start(with(SEED, "\"bodyHeader\":\"x-token-body\""));
        HttpStream stream = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        onlyCall(harness).respond(200, Headers.of("x-token", "tok-seed-2"),
                "line one\nline two".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(stream.requestHeaders()).isEqualTo(
                plus(REQUEST, "x-token", "tok-seed-2", "x-token-body", "line one#line two"));
        assertThat(stream.requestResumeCount()).isEqualTo(1);
    }

    @Test
    void seedConfigurationWithoutCacheFetchesForEveryRequestAsHigressDoes() {
        PluginHarness harness = start(SEED);
        HttpStream first = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        onlyCall(harness).respond(200, Headers.of("x-token", "tok-1"), new byte[0]);
        first.complete();

        HttpStream second = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        onlyCall(harness).respond(200, Headers.of("x-token", "tok-2"), new byte[0]);

        assertThat(second.requestHeaders()).isEqualTo(plus(REQUEST, "x-token", "tok-2"));
    }

    @Test
    void extractsTheTokenAtAJsonPathAndFormatsItAsBearer() {
        PluginHarness harness = start(JSON_SOURCE);
        HttpStream stream = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);

        answerJson(onlyCall(harness), "tok-json-1", 3600);

        assertResumedWithBearer(stream, "tok-json-1");
        assertThat(harness.logs(LogLevel.INFO)).containsExactly(
                PLUGIN_LOG + "plugin start successfully",
                PLUGIN_LOG + "token fetched: 10 chars, cached for 3600 s");
    }

    @Test
    void extractsFromArrayIndexesInTheJsonPath() {
        PluginHarness harness = start("{\"serviceName\":\"token.static\",\"requestPath\":\"/token\","
                + "\"tokenJsonPath\":\"items[1].value\",\"injectHeader\":\"x-api-key\"}");
        HttpStream stream = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);

        onlyCall(harness).respond(200, "{\"items\":[{\"value\":\"first\"},{\"value\":\"second\"}]}");

        assertThat(stream.requestHeaders()).isEqualTo(plus(REQUEST, "x-api-key", "second"));
    }

    @Test
    void sendsTheConfiguredTokenRequest() {
        PluginHarness harness = start("{\"cluster\":\"outbound|443||auth.dns\",\"authority\":\"auth.example.com\","
                + "\"requestMethod\":\"POST\",\"requestPath\":\"/oauth/token?audience=orders\","
                + "\"requestHeaders\":{\"content-type\":\"application/x-www-form-urlencoded\"},"
                + "\"requestBody\":\"grant_type=client_credentials\",\"timeoutMillis\":1500,"
                + "\"tokenJsonPath\":\"access_token\"}");
        request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);

        PendingHttpCall call = onlyCall(harness);

        assertThat(call.cluster()).isEqualTo("outbound|443||auth.dns");
        assertThat(call.headers()).isEqualTo(Headers.of("content-type", "application/x-www-form-urlencoded",
                ":method", "POST", ":path", "/oauth/token?audience=orders", ":authority", "auth.example.com"));
        assertThat(call.bodyText()).isEqualTo("grant_type=client_credentials");
        assertThat(call.timeoutMillis()).isEqualTo(1500);
    }

    @Test
    void injectsIntoAConfiguredHeaderWithAConfiguredFormat() {
        PluginHarness harness = start(with(SEED, "\"injectHeader\":\"x-upstream-auth\","
                + "\"injectFormat\":\"Token {token}; realm=orders\""));
        HttpStream stream = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);

        onlyCall(harness).respond(200, Headers.of("x-token", "tok-1"), new byte[0]);

        assertThat(stream.requestHeaders()).isEqualTo(
                plus(REQUEST, "x-upstream-auth", "Token tok-1; realm=orders"));
    }

    // ---- caching ----

    @Test
    void reusesTheCachedTokenWithOneFetchForManyRequests() {
        PluginHarness harness = start(with(SEED, "\"cacheTtlSeconds\":300"));
        HttpStream first = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        onlyCall(harness).respond(200, Headers.of("x-token", "tok-1"), new byte[0]);
        first.complete();

        for (int i = 0; i < 5; i++) {
            harness.advanceTime(30_000);
            HttpStream stream = request(harness, HeaderStatus.CONTINUE);
            assertThat(stream.requestHeaders()).isEqualTo(plus(REQUEST, "x-token", "tok-1"));
            assertThat(stream.requestResumed()).isFalse();
            assertThat(harness.pendingHttpCalls()).isEmpty();
            stream.complete();
        }
    }

    @Test
    void refetchesOnceAfterExpiryWhileABurstOfRequestsWaitsThenResumesThemAll() {
        PluginHarness harness = startWithCachedToken("\"refreshAheadSeconds\":0", "tok-1");
        harness.advanceTime(60_000);

        List<HttpStream> burst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            burst.add(request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK));
        }
        PendingHttpCall refetch = onlyCall(harness);
        assertThat(refetch.headers()).isEqualTo(TOKEN_CALL);
        assertThat(burst).allSatisfy(stream -> assertThat(stream.requestResumed()).isFalse());
        answerJson(refetch, "tok-2", 60);

        assertThat(burst).allSatisfy(stream -> {
            assertResumedWithBearer(stream, "tok-2");
            assertThat(stream.localResponse()).isNull();
        });
        assertThat(harness.pendingHttpCalls()).isEmpty();
        assertThat(request(harness, HeaderStatus.CONTINUE).requestHeaders())
                .isEqualTo(plus(REQUEST, "authorization", "Bearer tok-2"));
    }

    @Test
    void refreshesAheadOfExpiryInTheBackgroundWithoutHoldingRequests() {
        PluginHarness harness = startWithCachedToken("\"refreshAheadSeconds\":10", "tok-1");

        harness.advanceTime(49_999);
        assertThat(request(harness, HeaderStatus.CONTINUE).requestHeaders())
                .isEqualTo(plus(REQUEST, "authorization", "Bearer tok-1"));
        assertThat(harness.pendingHttpCalls()).as("before the refresh point").isEmpty();

        harness.advanceTime(1);
        HttpStream atRefreshPoint = request(harness, HeaderStatus.CONTINUE);
        HttpStream duringRefresh = request(harness, HeaderStatus.CONTINUE);
        PendingHttpCall refresh = onlyCall(harness);
        assertThat(refresh.headers()).isEqualTo(TOKEN_CALL);
        assertThat(atRefreshPoint.requestHeaders()).isEqualTo(plus(REQUEST, "authorization", "Bearer tok-1"));
        assertThat(duringRefresh.requestHeaders()).isEqualTo(plus(REQUEST, "authorization", "Bearer tok-1"));
        atRefreshPoint.complete();
        duringRefresh.complete();
        answerJson(refresh, "tok-2", 60);

        HttpStream after = request(harness, HeaderStatus.CONTINUE);
        assertThat(after.requestHeaders()).isEqualTo(plus(REQUEST, "authorization", "Bearer tok-2"));
        assertThat(harness.pendingHttpCalls()).isEmpty();
    }

    @Test
    void keepsServingTheCurrentTokenWhenABackgroundRefreshFails() {
        PluginHarness harness = startWithCachedToken("\"refreshAheadSeconds\":10", "tok-1");
        harness.advanceTime(50_000);
        request(harness, HeaderStatus.CONTINUE).complete();

        onlyCall(harness).reset();

        assertThat(harness.logs(LogLevel.WARN)).containsExactly(PLUGIN_LOG + "token fetch failed: RESET: call reset "
                + "after 0 ms without a response; keeping the current token until it expires" + PAUSED);
        HttpStream paused = request(harness, HeaderStatus.CONTINUE);
        assertThat(paused.requestHeaders()).isEqualTo(plus(REQUEST, "authorization", "Bearer tok-1"));
        assertThat(harness.pendingHttpCalls()).as("within the pause after the failure").isEmpty();
        harness.advanceTime(1_000);
        HttpStream next = request(harness, HeaderStatus.CONTINUE);
        assertThat(next.requestHeaders()).isEqualTo(plus(REQUEST, "authorization", "Bearer tok-1"));
        assertThat(onlyCall(harness).headers()).as("the first request after the pause tries again")
                .isEqualTo(TOKEN_CALL);
    }

    @Test
    void resumesOnlyTheWaitingRequestsThatAreStillThere() {
        PluginHarness harness = start(JSON_SOURCE);
        HttpStream gone = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        HttpStream waiting = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        gone.complete();

        answerJson(onlyCall(harness), "tok-1", 60);

        assertResumedWithBearer(waiting, "tok-1");
        assertThat(gone.requestResumed()).isFalse();
        assertThat(harness.logs(LogLevel.CRITICAL)).isEmpty();
        assertThat(request(harness, HeaderStatus.CONTINUE).requestHeaders())
                .isEqualTo(plus(REQUEST, "authorization", "Bearer tok-1"));
    }

    // ---- failures ----

    /** A row of {@link #fetchFailures}: the lambda's type is the parameter's, so the rows need no cast. */
    private static Arguments fetchFailure(String failure, String config,
            BiConsumer<PluginHarness, PendingHttpCall> fail, String reason) {
        return arguments(failure, config, fail, reason);
    }

    static Stream<Arguments> fetchFailures() {
        return Stream.of(
                fetchFailure("reset", JSON_SOURCE, (harness, call) -> call.reset(),
                        "RESET: call reset after 0 ms without a response"),
                fetchFailure("no response by the timeout", JSON_SOURCE, (harness, call) -> {
                    harness.advanceTime(500);
                    call.reset();
                }, "TIMEOUT: no response within 500 ms"),
                fetchFailure("Envoy's 504 timeout reply", JSON_SOURCE, (harness, call) -> call.timeout(),
                        "token service answered 504"),
                fetchFailure("token service error 500", JSON_SOURCE,
                        (harness, call) -> call.respond(500, "{\"error\":\"internal\"}"), "token service answered 500"),
                fetchFailure("token service refuses with 401", JSON_SOURCE,
                        (harness, call) -> call.respond(401, "{\"error\":\"invalid_client\"}"),
                        "token service answered 401"),
                fetchFailure("redirect 302", JSON_SOURCE,
                        (harness, call) -> call.respond(302, Headers.of("location", "/elsewhere"), new byte[0]),
                        "token service answered 302"),
                fetchFailure("200 without the JSON path", JSON_SOURCE,
                        (harness, call) -> call.respond(200, "{\"data\":{}}"), "token response 200 carried no token"),
                fetchFailure("200 with a number at the JSON path", JSON_SOURCE,
                        (harness, call) -> call.respond(200, "{\"data\":{\"access_token\":42}}"),
                        "token response 200 carried no token"),
                fetchFailure("200 with an empty token", JSON_SOURCE,
                        (harness, call) -> call.respond(200, "{\"data\":{\"access_token\":\"\"}}"),
                        "token response 200 carried no token"),
                fetchFailure("200 with a body that is not JSON", JSON_SOURCE,
                        (harness, call) -> call.respond(200, "<html>maintenance</html>"),
                        "token response body is not JSON (syntax error at line 1 column 1)"),
                fetchFailure("200 with a bare token instead of JSON", JSON_SOURCE,
                        (harness, call) -> call.respond(200, "skLiveRawSecret42"),
                        "token response body is not JSON (syntax error at line 1 column 1)"),
                fetchFailure("200 without the token header", SEED,
                        (harness, call) -> call.respond(200, Headers.of("x-other", "1"), new byte[0]),
                        "token response 200 carried no token"),
                fetchFailure("a :status that is not a number", SEED,
                        (harness, call) -> call.respond(Headers.of(":status", "abc"), new byte[0]),
                        "INVALID_RESPONSE: response has an invalid :status \"abc\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fetchFailures")
    void allowModeLetsTheRequestGoOnWithoutATokenWhenTheFetchFails(String failure, String config,
            BiConsumer<PluginHarness, PendingHttpCall> fail, String reason) {
        PluginHarness harness = start(config);
        HttpStream stream = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK,
                "authorization", "Bearer spoofed", "x-token", "spoofed");

        fail.accept(harness, onlyCall(harness));

        assertThat(stream.requestHeaders()).as("no token, and no spoofed one either").isEqualTo(
                config.equals(SEED) ? plus(REQUEST, "authorization", "Bearer spoofed")
                        : plus(REQUEST, "x-token", "spoofed"));
        assertThat(stream.requestResumeCount()).isEqualTo(1);
        assertThat(stream.localResponse()).isNull();
        assertThat(harness.logs(LogLevel.WARN)).containsExactly(PLUGIN_LOG + "token fetch failed: " + reason + PAUSED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fetchFailures")
    void denyModeAnswersEveryWaitingRequestWithTheFailureStatusWhenTheFetchFails(String failure, String config,
            BiConsumer<PluginHarness, PendingHttpCall> fail, String reason) {
        PluginHarness harness = start(with(config, "\"failureMode\":\"deny\""));
        HttpStream first = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        HttpStream second = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);

        fail.accept(harness, onlyCall(harness));

        for (HttpStream stream : List.of(first, second)) {
            assertThat(stream.localResponses()).containsExactly(
                    LocalResponse.of(503, Headers.empty(), "token service unavailable"));
            assertThat(stream.requestResumed()).isFalse();
        }
        assertThat(harness.logs(LogLevel.WARN)).containsExactly(PLUGIN_LOG + "token fetch failed: " + reason + PAUSED);
    }

    @Test
    void denyModeUsesTheConfiguredStatusAndBody() {
        PluginHarness harness = start(with(JSON_SOURCE,
                "\"failureMode\":\"deny\",\"failureStatus\":502,\"failureBody\":\"no upstream credentials\""));
        HttpStream stream = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);

        onlyCall(harness).reset();

        assertThat(stream.localResponses()).containsExactly(
                LocalResponse.of(502, Headers.empty(), "no upstream credentials"));
    }

    @Test
    void allowModeContinuesAtOnceWhenTheHostRefusesTheFetch() {
        PluginHarness harness = track(harness().config(SEED).knownClusters("outbound|80||other.static").build());
        assertThat(harness.start()).isTrue();

        HttpStream stream = request(harness, HeaderStatus.CONTINUE, "x-token", "spoofed");

        assertThat(harness.pendingHttpCalls()).isEmpty();
        assertThat(stream.requestHeaders()).isEqualTo(REQUEST);
        assertThat(stream.localResponse()).isNull();
        assertThat(harness.logs(LogLevel.WARN)).containsExactly(PLUGIN_LOG + "token fetch failed: DISPATCH_REFUSED: "
                + "dispatch to cluster outbound|80||token.static refused: proxy_http_call: BAD_ARGUMENT" + PAUSED);
    }

    @Test
    void denyModeAnswersAtOnceWhenTheHostRefusesTheFetch() {
        PluginHarness harness = track(harness().config(with(SEED, "\"failureMode\":\"deny\""))
                .knownClusters("outbound|80||other.static").build());
        assertThat(harness.start()).isTrue();

        HttpStream stream = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);

        assertThat(harness.pendingHttpCalls()).isEmpty();
        assertThat(stream.localResponses()).containsExactly(
                LocalResponse.of(503, Headers.empty(), "token service unavailable"));
        assertThat(stream.requestResumed()).isFalse();
    }

    // ---- what the token service returns is checked ----

    static Stream<Arguments> tokensThatAreNotHeaderValues() {
        return Stream.of(
                arguments("CR LF and a header after it", "sk9\r\nx-injected: evil", "0x0d at index 3"),
                arguments("LF alone", "sk9\nx-injected: evil", "0x0a at index 3"),
                arguments("CR alone", "sk9\rx", "0x0d at index 3"),
                arguments("NUL", "sk9\u0000", "0x00 at index 3"),
                arguments("another control character", "s\u0001k9", "0x01 at index 1"),
                arguments("DEL", "sk9\u007f", "0x7f at index 3"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokensThatAreNotHeaderValues")
    void aTokenThatIsNotAHeaderValueFailsTheFetchAndIsNeverInjected(String problem, String token, String where) {
        PluginHarness harness = start(JSON_SOURCE);
        HttpStream stream = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK,
                "authorization", "Bearer spoofed");

        onlyCall(harness).respond(200, "{\"data\":{\"access_token\":" + jsonString(token) + ",\"expires_in\":60}}");

        assertThat(stream.requestHeaders()).as("no token, no spoofed one, no injected header").isEqualTo(REQUEST);
        assertThat(stream.requestResumeCount()).isEqualTo(1);
        assertThat(harness.logs(LogLevel.WARN)).containsExactly(PLUGIN_LOG + "token fetch failed: token ("
                + token.length() + " chars) refused: not a valid value for header \"Authorization\": character "
                + where + PAUSED);
        assertThat(harness.logs()).allSatisfy(line -> assertThat(line).doesNotContain("sk9", "k9"));
        harness.advanceTime(1_000);
        assertThat(request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK).requestHeaders())
                .as("nothing was cached: the first request after the pause fetches again").isEqualTo(REQUEST);
    }

    @Test
    void aTokenHeaderWithCrLfFailsTheFetchAndDenyModeAnswers() {
        PluginHarness harness = start(with(SEED, "\"failureMode\":\"deny\""));
        HttpStream stream = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);

        onlyCall(harness).respond(200, Headers.unchecked("x-token", "tok-1\r\nx-injected: evil"), new byte[0]);

        assertThat(stream.localResponses()).containsExactly(
                LocalResponse.of(503, Headers.empty(), "token service unavailable"));
        assertThat(stream.requestResumed()).isFalse();
        assertThat(stream.requestHeaders()).isEqualTo(REQUEST);
        assertThat(harness.logs(LogLevel.WARN)).containsExactly(PLUGIN_LOG + "token fetch failed: token (23 chars) "
                + "refused: not a valid value for header \"x-token\": character 0x0d at index 5" + PAUSED);
    }

    @Test
    void keepsTheCurrentTokenWhenARefreshReturnsOneThatIsNotAHeaderValue() {
        PluginHarness harness = startWithCachedToken("\"refreshAheadSeconds\":10", "tok-1");
        harness.advanceTime(50_000);
        request(harness, HeaderStatus.CONTINUE).complete();

        onlyCall(harness).respond(200, "{\"data\":{\"access_token\":\"tok-2\\r\\nx: y\",\"expires_in\":60}}");

        assertThat(harness.logs(LogLevel.WARN)).containsExactly(PLUGIN_LOG + "token fetch failed: token (11 chars) "
                + "refused: not a valid value for header \"Authorization\": character 0x0d at index 5; keeping the "
                + "current token until it expires" + PAUSED);
        assertThat(request(harness, HeaderStatus.CONTINUE).requestHeaders())
                .isEqualTo(plus(REQUEST, "authorization", "Bearer tok-1"));
    }

    @Test
    void bodyHeaderReplacesEveryCharacterAHeaderValueMayNotHold() {
        PluginHarness harness = start(with(SEED, "\"bodyHeader\":\"x-token-body\""));
        HttpStream stream = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);

        onlyCall(harness).respond(200, Headers.of("x-token", "tok-1"),
                utf8("line one\r\nline two\u0000three\u0001four\tfive\u007f"));

        assertThat(stream.requestHeaders()).isEqualTo(
                plus(REQUEST, "x-token", "tok-1", "x-token-body", "line one##line two#three#four\tfive#"));
    }

    static Stream<Arguments> lifetimes() {
        return Stream.of(
                arguments("seconds", "3600", "cached for 3600 s", true),
                arguments("a string of seconds, as some services send", "\"3600\"", "cached for 3600 s", true),
                arguments("a fraction, rounded down", "3600.9", "cached for 3600 s", true),
                arguments("an exponent", "36e2", "cached for 3600 s", true),
                arguments("above the 365-day maximum", "31536001",
                        "cached for 31536000 s (data.expires_in above the maximum)", true),
                arguments("so large that milliseconds overflowed", "9223372036854775",
                        "cached for 31536000 s (data.expires_in above the maximum)", true),
                arguments("beyond a long", "99999999999999999999",
                        "cached for 31536000 s (data.expires_in above the maximum)", true),
                arguments("beyond a long, as a string", "\"99999999999999999999\"",
                        "cached for 31536000 s (data.expires_in above the maximum)", true),
                arguments("an exponent beyond a long", "1e400",
                        "cached for 31536000 s (data.expires_in above the maximum)", true),
                arguments("zero: already expired", "0", "not cached (data.expires_in is not positive)", false),
                arguments("negative", "-5", "not cached (data.expires_in is not positive)", false),
                arguments("negative beyond a long", "-99999999999999999999",
                        "not cached (data.expires_in is not positive)", false),
                arguments("under a second", "0.5", "not cached (data.expires_in is not positive)", false),
                arguments("a string that is not a number: cacheTtlSeconds", "\"soon\"", "not cached", false),
                arguments("a boolean: cacheTtlSeconds", "true", "not cached", false),
                arguments("null: cacheTtlSeconds", "null", "not cached", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lifetimes")
    void readsTheLifetimeAsBoundedWholeSeconds(String problem, String expiresIn, String cached, boolean reused) {
        PluginHarness harness = start(JSON_SOURCE);
        HttpStream first = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);

        onlyCall(harness).respond(200, "{\"data\":{\"access_token\":\"tok-1\",\"expires_in\":" + expiresIn + "}}");
        first.complete();
        harness.advanceTime(60_000);

        assertThat(first.requestHeaders()).isEqualTo(plus(REQUEST, "authorization", "Bearer tok-1"));
        assertThat(harness.logs(LogLevel.INFO)).containsExactly(PLUGIN_LOG + "plugin start successfully",
                PLUGIN_LOG + "token fetched: 5 chars, " + cached);
        assertThat(harness.logs(LogLevel.WARN)).isEmpty();
        request(harness, reused ? HeaderStatus.CONTINUE : HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        assertThat(harness.pendingHttpCalls()).hasSize(reused ? 0 : 1);
    }

    @Test
    void aCappedLifetimeStillExpiresAtTheMaximum() {
        PluginHarness harness = start(JSON_SOURCE);
        request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK).complete();
        onlyCall(harness).respond(200, "{\"data\":{\"access_token\":\"tok-1\",\"expires_in\":9223372036854775}}");

        harness.advanceTime(31_536_000_000L - 30_001);
        request(harness, HeaderStatus.CONTINUE).complete();
        assertThat(harness.pendingHttpCalls()).isEmpty();
        harness.advanceTime(30_001);

        request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        assertThat(harness.pendingHttpCalls()).hasSize(1);
    }

    // ---- nothing outlives its request ----

    @Test
    void requestsThatEndWhileWaitingAreNotResumedAndTheFetchStillServesTheOthers() {
        PluginHarness harness = start(with(JSON_SOURCE, "\"timeoutMillis\":600000"));
        List<HttpStream> gone = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            HttpStream stream = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
            stream.complete();
            gone.add(stream);
        }
        HttpStream waiting = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);

        answerJson(onlyCall(harness), "tok-1", 60);

        assertThat(gone).allSatisfy(stream -> assertThat(stream.requestResumed()).isFalse());
        assertResumedWithBearer(waiting, "tok-1");
        assertThat(harness.logs(LogLevel.CRITICAL)).isEmpty();
    }

    // ---- the client's own header ----

    @Test
    void removesASpoofedClientHeaderBeforeInjecting() {
        PluginHarness harness = start(JSON_SOURCE);
        HttpStream fetching = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK,
                "Authorization", "Bearer spoofed-1");
        answerJson(onlyCall(harness), "tok-1", 60);

        HttpStream cached = request(harness, HeaderStatus.CONTINUE,
                "authorization", "Bearer spoofed-2", "AUTHORIZATION", "Bearer spoofed-3");

        assertThat(fetching.requestHeaders()).isEqualTo(plus(REQUEST, "authorization", "Bearer tok-1"));
        assertThat(cached.requestHeaders()).isEqualTo(plus(REQUEST, "authorization", "Bearer tok-1"));
    }

    @Test
    void keepsTheClientHeaderAndAppendsWhenStrippingIsOffInAppendMode() {
        PluginHarness harness = start(with(JSON_SOURCE, "\"stripClientHeader\":false,\"injectMode\":\"append\""));
        HttpStream stream = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK,
                "authorization", "Bearer client");

        answerJson(onlyCall(harness), "tok-1", 60);

        assertThat(stream.requestHeaders()).isEqualTo(
                plus(REQUEST, "authorization", "Bearer client", "authorization", "Bearer tok-1"));
    }

    @Test
    void overwritesTheClientHeaderWhenStrippingIsOffInOverwriteMode() {
        PluginHarness harness = start(with(JSON_SOURCE, "\"stripClientHeader\":false"));
        HttpStream stream = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK,
                "authorization", "Bearer client");

        answerJson(onlyCall(harness), "tok-1", 60);

        assertThat(stream.requestHeaders()).isEqualTo(plus(REQUEST, "authorization", "Bearer tok-1"));
    }

    @Test
    void keepsTheClientHeaderWhenStrippingIsOffAndTheFetchFails() {
        PluginHarness harness = start(with(JSON_SOURCE, "\"stripClientHeader\":false"));
        HttpStream stream = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK,
                "authorization", "Bearer client");

        onlyCall(harness).reset();

        assertThat(stream.requestHeaders()).isEqualTo(plus(REQUEST, "authorization", "Bearer client"));
    }

    // ---- upstream 401 ----

    @Test
    void dropsTheCachedTokenWhenTheUpstreamAnswers401() {
        PluginHarness harness = startWithCachedToken("", "tok-1");
        HttpStream rejected = request(harness, HeaderStatus.CONTINUE);

        assertThat(rejected.responseHeaders(Headers.of(":status", "401"), true)).isEqualTo(HeaderStatus.CONTINUE);
        rejected.complete();
        HttpStream next = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        answerJson(onlyCall(harness), "tok-2", 60);

        assertThat(next.requestHeaders()).isEqualTo(plus(REQUEST, "authorization", "Bearer tok-2"));
        assertThat(harness.logs(LogLevel.INFO)).contains(REQUEST_LOG + "upstream answered 401: cached token dropped");
    }

    @ParameterizedTest(name = "upstream {0}")
    @ValueSource(strings = {"200", "302", "403", "404", "500", "503"})
    void keepsTheCachedTokenForOtherUpstreamStatuses(String status) {
        PluginHarness harness = startWithCachedToken("", "tok-1");
        HttpStream answered = request(harness, HeaderStatus.CONTINUE);
        answered.responseHeaders(Headers.of(":status", status), true);
        answered.complete();

        assertThat(request(harness, HeaderStatus.CONTINUE).requestHeaders())
                .isEqualTo(plus(REQUEST, "authorization", "Bearer tok-1"));
    }

    @Test
    void keepsTheCachedTokenOn401WhenInvalidationIsOff() {
        PluginHarness harness = startWithCachedToken("\"invalidateOn401\":false", "tok-1");
        HttpStream rejected = request(harness, HeaderStatus.CONTINUE);
        rejected.responseHeaders(Headers.of(":status", "401"), true);
        rejected.complete();

        assertThat(request(harness, HeaderStatus.CONTINUE).requestHeaders())
                .isEqualTo(plus(REQUEST, "authorization", "Bearer tok-1"));
    }

    @Test
    void ignoresA401ForATokenThatWasAlreadyReplaced() {
        PluginHarness harness = startWithCachedToken("\"refreshAheadSeconds\":0", "tok-1");
        HttpStream slow = request(harness, HeaderStatus.CONTINUE);
        harness.advanceTime(60_000);
        HttpStream afterExpiry = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        answerJson(onlyCall(harness), "tok-2", 60);
        afterExpiry.complete();

        slow.responseHeaders(Headers.of(":status", "401"), true);

        assertThat(request(harness, HeaderStatus.CONTINUE).requestHeaders())
                .isEqualTo(plus(REQUEST, "authorization", "Bearer tok-2"));
    }

    // ---- secrets ----

    @Test
    void neverLogsATokenValue() {
        List<String> tokens = List.of("tok-secret-1", "tok-secret-2", "tok-secret-3", "skLiveRawSecret42");
        PluginHarness harness = startWithCachedToken("\"refreshAheadSeconds\":10", tokens.get(0));
        harness.advanceTime(50_000);
        request(harness, HeaderStatus.CONTINUE).complete();
        answerJson(onlyCall(harness), tokens.get(1), 60);
        HttpStream rejected = request(harness, HeaderStatus.CONTINUE);
        rejected.responseHeaders(Headers.of(":status", "401"), true);
        rejected.complete();
        request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK).complete();
        onlyCall(harness).respond(200, tokens.get(3));
        harness.advanceTime(1_000);
        request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK).complete();
        onlyCall(harness).respond(500, "{\"data\":{\"access_token\":\"" + tokens.get(2) + "\"}}");
        harness.advanceTime(2_000);
        request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK).complete();
        answerJson(onlyCall(harness), tokens.get(2), 60);

        assertThat(harness.logs()).hasSizeGreaterThan(5);
        assertThat(harness.logs()).allSatisfy(line -> assertThat(line).doesNotContain(tokens.toArray(new String[0])));
    }

    // ---- configuration ----

    static Stream<Arguments> badConfigurations() {
        return Stream.of(
                arguments("empty configuration", "{}", "serviceName: required but missing (or set cluster)"),
                arguments("a misspelt field", with(SEED, "\"cacheTTL\":60"), "cacheTTL: unknown field"),
                arguments("no token source", "{\"serviceName\":\"token.static\",\"requestPath\":\"/token\"}",
                        "$: exactly one of tokenHeader, tokenJsonPath must be set"),
                arguments("both token sources", with(SEED, "\"tokenJsonPath\":\"access_token\""),
                        "$: exactly one of tokenHeader, tokenJsonPath must be set"),
                arguments("cluster and serviceName",
                        with(SEED, "\"cluster\":\"outbound|80||token.static\""),
                        "cluster: set either cluster or serviceName, not both"),
                arguments("servicePort out of range", SEED.replace("80", "70000"),
                        "servicePort: must be between 0 and 65535 but was 70000"),
                // Read as Higress reads it, gjson's Int() (TokenServiceScenarios): "80" is 80, "70000" 70000.
                arguments("servicePort as a string out of range", SEED.replace("80", "\"70000\""),
                        "servicePort: must be between 0 and 65535 but was 70000"),
                arguments("no port for a .dns service",
                        "{\"serviceName\":\"token.dns\",\"requestPath\":\"/token\",\"tokenHeader\":\"x-token\"}",
                        "servicePort: must be 1-65535 but was 0"),
                arguments("serviceName with |", SEED.replace("token.static", "a|b"),
                        "serviceName: must not contain '|' but was \"a|b\""),
                arguments("empty serviceName", SEED.replace("token.static", ""),
                        "serviceName: must not be empty"),
                arguments("no requestPath", "{\"serviceName\":\"token.static\",\"tokenHeader\":\"x-token\"}",
                        "requestPath: required but missing"),
                arguments("requestPath with an unsupported scheme", SEED.replace("/token", "ftp://auth/token"),
                        "requestPath: unsupported URL scheme \"ftp\" in \"ftp://auth/token\""),
                arguments("requestPath with a bad escape", SEED.replace("/token", "/a%zz"),
                        "requestPath: invalid URL escape \"%zz\" in \"/a%zz\""),
                arguments("requestMethod that is not a token", with(SEED, "\"requestMethod\":\"GE T\""),
                        "requestMethod: method is not an HTTP token: \"GE T\""),
                arguments("requestHeaders value that is not a string",
                        with(SEED, "\"requestHeaders\":{\"x-client\":1}"),
                        "requestHeaders.x-client: expected string but was number"),
                arguments("timeoutMillis of 0", with(SEED, "\"timeoutMillis\":0"),
                        "timeoutMillis: must be between 1 and 600000 but was 0"),
                arguments("empty tokenHeader", SEED.replace("\"x-token\"", "\"\""),
                        "tokenHeader: must not be empty"),
                arguments("tokenJsonPath with an empty segment",
                        "{\"serviceName\":\"token.static\",\"requestPath\":\"/token\","
                                + "\"tokenJsonPath\":\"data..access_token\"}",
                        "tokenJsonPath: empty segment in \"data..access_token\""),
                arguments("injectFormat without {token}", with(SEED, "\"injectFormat\":\"Bearer\""),
                        "injectFormat: must contain {token} but was \"Bearer\""),
                arguments("unknown injectMode", with(SEED, "\"injectMode\":\"prepend\""),
                        "injectMode: must be \"overwrite\" or \"append\" but was \"prepend\""),
                arguments("stripClientHeader as a string", with(SEED, "\"stripClientHeader\":\"no\""),
                        "stripClientHeader: expected boolean but was string"),
                arguments("negative cacheTtlSeconds", with(SEED, "\"cacheTtlSeconds\":-1"),
                        "cacheTtlSeconds: must be between 0 and 31536000 but was -1"),
                arguments("unknown failureMode", with(SEED, "\"failureMode\":\"block\""),
                        "failureMode: must be \"allow\", \"deny\" or \"deny-500\" but was \"block\""),
                arguments("failureStatus below 200", with(SEED, "\"failureStatus\":100"),
                        "failureStatus: must be between 200 and 599 but was 100"),
                arguments("injectHeader that is a pseudo-header", with(SEED, "\"injectHeader\":\":path\""),
                        "injectHeader: not a valid header name: \":path\" (a pseudo-header)"),
                arguments("injectHeader with a space", with(SEED, "\"injectHeader\":\"x token\""),
                        "injectHeader: not a valid header name: \"x token\" (character 0x20 at index 1)"),
                arguments("injectHeader with a colon", with(SEED, "\"injectHeader\":\"x:token\""),
                        "injectHeader: not a valid header name: \"x:token\" (character 0x3a at index 1)"),
                arguments("injectHeader with CR LF", with(SEED, "\"injectHeader\":\"x\\r\\ny\""),
                        "injectHeader: not a valid header name: \"x\\u000d\\u000ay\" (character 0x0d at index 1)"),
                arguments("tokenHeader that is a pseudo-header", SEED.replace("\"x-token\"", "\":status\""),
                        "tokenHeader: not a valid header name: \":status\" (a pseudo-header)"),
                arguments("bodyHeader with a space", with(SEED, "\"bodyHeader\":\"x body\""),
                        "bodyHeader: not a valid header name: \"x body\" (character 0x20 at index 1)"),
                arguments("injectFormat with CR LF",
                        with(SEED, "\"injectFormat\":\"Bearer {token}\\r\\nx-injected: evil\""),
                        "injectFormat: not a valid value for header \"x-token\": character 0x0d at index 14"),
                arguments("injectFormat with NUL", with(SEED, "\"injectFormat\":\"\\u0000{token}\""),
                        "injectFormat: not a valid value for header \"x-token\": character 0x00 at index 0"),
                arguments("requestHeaders value with CR LF",
                        with(SEED, "\"requestHeaders\":{\"x-client\":\"a\\r\\nx-injected: evil\"}"),
                        "requestHeaders.x-client: not a valid value for header \"x-client\": character 0x0d at "
                                + "index 1"),
                arguments("requestHeaders name with a space", with(SEED, "\"requestHeaders\":{\"x client\":\"1\"}"),
                        "requestHeaders[\"x client\"]: not a valid header name: \"x client\" (character 0x20 at "
                                + "index 1)"),
                arguments("requestHeaders with a pseudo-header", with(SEED, "\"requestHeaders\":{\":path\":\"/x\"}"),
                        "requestHeaders.:path: not a valid header name: \":path\" (a pseudo-header)"),
                arguments("requestPath with an escaped CR LF", SEED.replace("/token", "/token%0d%0ax-injected:%20evil"),
                        "requestPath: invalid URL \"/token%0d%0ax-injected:%20evil\": not a valid value for header "
                                + "\":path\": character 0x0d at index 6 (no spaces or control characters in a path)"),
                arguments("requestPath with a port above 65535",
                        SEED.replace("/token", "http://auth.example:99999/token"),
                        "requestPath: invalid URL \"http://auth.example:99999/token\": value of header \":authority\" "
                                + "has a port above 65535"),
                arguments("authority with a port above 65535", with(SEED, "\"authority\":\"auth.example:99999\""),
                        "authority: value of header \":authority\" has a port above 65535"),
                arguments("authority with CR LF", with(SEED, "\"authority\":\"auth.example\\r\\nx: y\""),
                        "authority: not a valid value for header \":authority\": character 0x0d at index 12 (an "
                                + "authority is a host and an optional port)"),
                arguments("a cluster that stands in for the authority, with a space",
                        "{\"cluster\":\"outbound|80||a b\",\"requestPath\":\"/token\",\"tokenHeader\":\"x-token\"}",
                        "cluster: not a valid value for header \":authority\": character 0x20 at index 14 (an "
                                + "authority is a host and an optional port)"),
                arguments("a bad field inside a rule",
                        "{\"_rules_\":[{\"_match_route_\":[\"orders\"],\"serviceName\":\"token.static\","
                                + "\"requestPath\":\"/token\",\"tokenHeader\":\"x-token\",\"servicePort\":-1}]}",
                        "_rules_[0].servicePort: must be between 0 and 65535 but was -1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigurations")
    void refusesABadConfigurationNamingThePath(String problem, String config, String message) {
        assertRefuses(track(harness().config(config).build()), message);
    }

    /** Starts {@code harness}, which must refuse its configuration, logging {@code message} and the SDK's verdict. */
    static void assertRefuses(PluginHarness harness, String message) {
        assertThat(harness.start()).isFalse();

        assertThat(harness.logs(LogLevel.ERROR)).containsExactly(
                PLUGIN_LOG + "parse rule config failed: " + message,
                PLUGIN_LOG + "plugin start failed");
    }

    @Test
    void appliesARuleConfigurationToItsRouteOnly() {
        PluginHarness harness = start("{\"_rules_\":[{\"_match_route_\":[\"orders\"],"
                + "\"serviceName\":\"token.static\",\"requestPath\":\"/token\",\"tokenHeader\":\"x-token\"}]}");
        HttpStream other = harness.newStream();
        HttpStream orders = harness.newStream().property("route_name", "orders");

        assertThat(other.requestHeaders(REQUEST, true)).isEqualTo(HeaderStatus.CONTINUE);
        assertThat(orders.requestHeaders(REQUEST, true)).isEqualTo(HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        onlyCall(harness).respond(200, Headers.of("x-token", "tok-1"), new byte[0]);

        assertThat(orders.requestHeaders()).isEqualTo(plus(REQUEST, "x-token", "tok-1"));
        assertThat(other.requestHeaders()).isEqualTo(REQUEST);
    }
}
