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
        PluginHarness harness = start(harness().config(SEED).knownClusters("outbound|80||other.static"));

        HttpStream stream = request(harness, HeaderStatus.CONTINUE, "x-token", "spoofed");

        assertThat(harness.pendingHttpCalls()).isEmpty();
        assertThat(stream.requestHeaders()).isEqualTo(REQUEST);
        assertThat(stream.localResponse()).isNull();
        assertThat(harness.logs(LogLevel.WARN)).containsExactly(PLUGIN_LOG + "token fetch failed: DISPATCH_REFUSED: "
                + "dispatch to cluster outbound|80||token.static refused: proxy_http_call: BAD_ARGUMENT" + PAUSED);
    }

    @Test
    void denyModeAnswersAtOnceWhenTheHostRefusesTheFetch() {
        PluginHarness harness = start(harness().config(with(SEED, "\"failureMode\":\"deny\""))
                .knownClusters("outbound|80||other.static"));

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

    // ---- upstream statuses that drop the token (invalidateOnStatuses, default [401]) ----

    static Stream<Arguments> droppingStatuses() {
        return Stream.of(
                arguments("the default: 401", "", "401"),
                arguments("a configured 401", "\"invalidateOnStatuses\":[401,403]", "401"),
                arguments("a configured 403", "\"invalidateOnStatuses\":[401,403]", "403"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("droppingStatuses")
    void dropsTheCachedTokenWhenTheUpstreamAnswersAConfiguredStatus(String row, String config, String status) {
        PluginHarness harness = startWithCachedToken(config, "tok-1");
        HttpStream rejected = request(harness, HeaderStatus.CONTINUE);

        assertThat(rejected.responseHeaders(Headers.of(":status", status), true)).isEqualTo(HeaderStatus.CONTINUE);
        rejected.complete();
        HttpStream next = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        answerJson(onlyCall(harness), "tok-2", 60);

        assertResumedWithBearer(next, "tok-2");
        assertThat(rejected.localResponse()).as("the rejected request itself is not retried").isNull();
        assertThat(harness.logs(LogLevel.INFO)).contains(
                REQUEST_LOG + "upstream answered " + status + ": cached token dropped");
    }

    static Stream<Arguments> keepingStatuses() {
        Stream<Arguments> byDefault = Stream.of("200", "302", "403", "404", "500", "503")
                .map(status -> arguments("the default, upstream " + status, "", status));
        Stream<Arguments> configured = Stream.of("200", "404", "500", "abc")
                .map(status -> arguments("[401,403], upstream " + status, "\"invalidateOnStatuses\":[401,403]", status));
        return Stream.concat(Stream.concat(byDefault, configured), Stream.of(
                arguments("invalidateOn401 off", "\"invalidateOn401\":false", "401"),
                arguments("an empty list", "\"invalidateOnStatuses\":[]", "401")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keepingStatuses")
    void keepsTheCachedTokenForOtherUpstreamStatuses(String row, String config, String status) {
        PluginHarness harness = startWithCachedToken(config, "tok-1");
        HttpStream answered = request(harness, HeaderStatus.CONTINUE);
        answered.responseHeaders(Headers.unchecked(":status", status), true);
        answered.complete();

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

    // ---- policy (issue #15): the pause after a failed fetch (FetchBackoff) ----

    /** The WARN line of a reset token fetch, with the pause that follows it. */
    static String resetWarning(long pauseMillis) {
        return PLUGIN_LOG + "token fetch failed: RESET: call reset after 0 ms without a response; no new fetch for "
                + pauseMillis + " ms";
    }

    @Test
    void allowModeGoesOnAtOnceDuringThePauseAfterAFailedFetchAndFetchesAgainAfterIt() {
        PluginHarness harness = start(JSON_SOURCE);
        HttpStream first = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        onlyCall(harness).reset();
        assertThat(first.requestResumeCount()).isEqualTo(1);

        harness.advanceTime(999);
        HttpStream paused = request(harness, HeaderStatus.CONTINUE, "authorization", "Bearer spoofed");
        assertThat(paused.requestHeaders()).as("no token and no spoofed one").isEqualTo(REQUEST);
        assertThat(harness.pendingHttpCalls()).as("no fetch during the pause").isEmpty();

        harness.advanceTime(1);
        HttpStream probe = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        HttpStream joining = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        onlyCall(harness).reset();
        assertThat(List.of(probe, joining)).allSatisfy(stream -> {
            assertThat(stream.requestHeaders()).isEqualTo(REQUEST);
            assertThat(stream.requestResumeCount()).isEqualTo(1);
        });
        harness.advanceTime(1_999);
        request(harness, HeaderStatus.CONTINUE);
        assertThat(harness.pendingHttpCalls()).as("the second pause is twice the first").isEmpty();

        harness.advanceTime(1);
        HttpStream recovered = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        answerJson(onlyCall(harness), "tok-1", 0);
        assertResumedWithBearer(recovered, "tok-1");
        request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        onlyCall(harness).reset();

        assertThat(harness.logs(LogLevel.WARN)).as("a success resets the pause").containsExactly(
                resetWarning(1_000), resetWarning(2_000), resetWarning(1_000));
        assertThat(harness.logs(LogLevel.CRITICAL)).isEmpty();
    }

    @Test
    void denyModeAnswersAtOnceDuringThePauseAfterAFailedFetch() {
        PluginHarness harness = start(with(JSON_SOURCE, "\"failureMode\":\"deny\""));
        request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        onlyCall(harness).respond(500, "{\"error\":\"down\"}");

        harness.advanceTime(500);
        HttpStream paused = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);

        assertThat(paused.localResponses()).containsExactly(
                LocalResponse.of(503, Headers.empty(), "token service unavailable"));
        assertThat(paused.requestResumed()).isFalse();
        assertThat(harness.pendingHttpCalls()).isEmpty();
        harness.advanceTime(500);
        HttpStream after = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        answerJson(onlyCall(harness), "tok-1", 60);
        assertResumedWithBearer(after, "tok-1");
        assertThat(after.localResponse()).isNull();
    }

    @Test
    void thePauseDoublesAfterEachFailureUpToItsMaximum() {
        PluginHarness harness = start(with(JSON_SOURCE, "\"fetchBackoffMillis\":100,\"fetchBackoffMaxMillis\":350"));
        long[] pauses = {100, 200, 350, 350};
        for (long pause : pauses) {
            request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
            onlyCall(harness).reset();
            harness.advanceTime(pause - 1);
            request(harness, HeaderStatus.CONTINUE);
            assertThat(harness.pendingHttpCalls()).isEmpty();
            harness.advanceTime(1);
        }

        assertThat(harness.logs(LogLevel.WARN)).containsExactly(resetWarning(100), resetWarning(200),
                resetWarning(350), resetWarning(350));
    }

    @Test
    void aFetchBackoffOfZeroLetsTheNextRequestFetchAtOnce() {
        PluginHarness harness = start(with(JSON_SOURCE, "\"fetchBackoffMillis\":0"));
        request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        onlyCall(harness).reset();

        HttpStream next = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        answerJson(onlyCall(harness), "tok-1", 60);

        assertResumedWithBearer(next, "tok-1");
        assertThat(harness.logs(LogLevel.WARN)).containsExactly(
                PLUGIN_LOG + "token fetch failed: RESET: call reset after 0 ms without a response");
    }

    @Test
    void aRefusedDispatchIsNotRetriedByEveryRequestDuringThePause() {
        PluginHarness harness = start(harness().config(SEED).knownClusters("outbound|80||other.static"));

        for (int i = 0; i < 100; i++) {
            assertThat(request(harness, HeaderStatus.CONTINUE).requestHeaders()).isEqualTo(REQUEST);
        }

        assertThat(harness.logs(LogLevel.WARN)).containsExactly(PLUGIN_LOG + "token fetch failed: DISPATCH_REFUSED: "
                + "dispatch to cluster outbound|80||token.static refused: proxy_http_call: BAD_ARGUMENT" + PAUSED);
    }

    // ---- policy (issue #15): the failure marker in allow mode ----

    static final String MARKER = "x-envoy-auth-failure-mode-allowed";

    @Test
    void allowModeMarksEveryRequestItLetsThroughWithoutATokenAfterAFailure() {
        PluginHarness harness = start(with(JSON_SOURCE, "\"failureModeAllowHeaderAdd\":true"));
        HttpStream waiting = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK, MARKER, "false");
        onlyCall(harness).reset();
        HttpStream paused = request(harness, HeaderStatus.CONTINUE, MARKER, "false");
        harness.advanceTime(1_000);
        HttpStream fetched = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK, MARKER, "true");
        answerJson(onlyCall(harness), "tok-1", 60);

        assertThat(waiting.requestHeaders()).isEqualTo(plus(REQUEST, MARKER, "true"));
        assertThat(waiting.requestResumeCount()).isEqualTo(1);
        assertThat(paused.requestHeaders()).isEqualTo(plus(REQUEST, MARKER, "true"));
        assertThat(fetched.requestHeaders()).as("a request with a token carries no marker, not even the client's")
                .isEqualTo(plus(REQUEST, "authorization", "Bearer tok-1"));
    }

    @Test
    void theFailureMarkerMarksARequestWhoseFetchTheHostRefused() {
        PluginHarness harness = start(harness().config(with(SEED, "\"failureModeAllowHeaderAdd\":true,"
                + "\"failureModeAllowHeaderName\":\"x-token-missing\"")).knownClusters("outbound|80||other.static"));

        HttpStream stream = request(harness, HeaderStatus.CONTINUE, "x-token-missing", "no");

        assertThat(stream.requestHeaders()).isEqualTo(plus(REQUEST, "x-token-missing", "true"));
    }

    @Test
    void withoutTheMarkerOptionAFailedRequestGoesOnUnmarked() {
        PluginHarness harness = start(JSON_SOURCE);
        HttpStream stream = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK, MARKER, "client");

        onlyCall(harness).reset();

        assertThat(stream.requestHeaders()).as("Envoy's default: failure_mode_allow_header_add is false")
                .isEqualTo(plus(REQUEST, MARKER, "client"));
    }

    // ---- policy (issue #15): skip rules ----

    static final String SKIP_RULES = "\"refreshAheadSeconds\":0,\"skipRules\":[{\"path\":\"/healthz\"},"
            + "{\"path\":\"/public/\",\"pathMatch\":\"prefix\"},{\"path\":\".css\",\"pathMatch\":\"suffix\"},"
            + "{\"path\":\"/internal/\",\"pathMatch\":\"contains\"},{\"methods\":[\"OPTIONS\"]},"
            + "{\"path\":\"/reports\",\"pathMatch\":\"prefix\",\"methods\":[\"GET\",\"HEAD\"]}]";

    static Headers requestTo(String method, String path) {
        return Headers.of(":authority", "api.example", ":method", method, ":path", path, ":scheme", "https",
                "x-request-id", "req-1");
    }

    static Stream<Arguments> skipRuleRequests() {
        return Stream.of(
                arguments("exact path", "GET", "/healthz", true),
                arguments("exact path, the query cut", "GET", "/healthz?verbose=1", true),
                arguments("below an exact path", "GET", "/healthz/deep", false),
                arguments("an exact path in another case", "GET", "/Healthz", false),
                arguments("prefix", "GET", "/public/logo.png", true),
                arguments("prefix as text, not a path segment", "GET", "/public/", true),
                arguments("not the prefix", "GET", "/publicity", false),
                arguments("suffix", "GET", "/app/site.css", true),
                arguments("suffix only in the query", "GET", "/app/site?x=.css", false),
                arguments("contains", "GET", "/a/internal/b", true),
                arguments("method only", "OPTIONS", "/orders", true),
                arguments("methods are case-sensitive", "options", "/orders", false),
                arguments("path and method", "HEAD", "/reports/q1", true),
                arguments("path without the method", "POST", "/reports/q1", false),
                arguments("an escaped path is not decoded, as Envoy's router matches it", "GET", "/p%75blic/x",
                        false),
                arguments("a path that Go's url.Parse would read as a host", "GET", "//x/public/a", false),
                arguments("no rule", "GET", "/orders", false));
    }

    @ParameterizedTest(name = "{0}: {1} {2}")
    @MethodSource("skipRuleRequests")
    void skipRulesLeaveMatchingRequestsWithoutAToken(String row, String method, String path, boolean skipped) {
        PluginHarness harness = startWithCachedToken(SKIP_RULES, "tok-1");

        HttpStream stream = harness.newStream();
        HeaderStatus status = stream.requestHeaders(plus(requestTo(method, path), "authorization", "Bearer client"),
                true);

        assertThat(status).isEqualTo(HeaderStatus.CONTINUE);
        assertThat(stream.requestHeaders()).as("the client's copy is stripped either way").isEqualTo(skipped
                ? requestTo(method, path) : plus(requestTo(method, path), "authorization", "Bearer tok-1"));
        assertThat(harness.pendingHttpCalls()).isEmpty();
    }

    @Test
    void aSkippedRequestNeitherWaitsForNorStartsAFetch() {
        PluginHarness harness = start(with(JSON_SOURCE, SKIP_RULES));

        HttpStream skipped = harness.newStream();
        assertThat(skipped.requestHeaders(requestTo("GET", "/healthz"), true)).isEqualTo(HeaderStatus.CONTINUE);
        assertThat(harness.pendingHttpCalls()).isEmpty();
        HttpStream waiting = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        HttpStream skippedWhileFetching = harness.newStream();
        assertThat(skippedWhileFetching.requestHeaders(requestTo("OPTIONS", "/orders"), true))
                .isEqualTo(HeaderStatus.CONTINUE);
        answerJson(onlyCall(harness), "tok-1", 60);

        assertResumedWithBearer(waiting, "tok-1");
        assertThat(skippedWhileFetching.requestHeaders()).isEqualTo(requestTo("OPTIONS", "/orders"));
        assertThat(skippedWhileFetching.requestResumed()).isFalse();
    }

    @Test
    void aLongPathMeetsTheSkipRulesWithoutAProblem() {
        PluginHarness harness = startWithCachedToken("\"skipRules\":[{\"path\":\"/aab/\",\"pathMatch\":"
                + "\"contains\"},{\"path\":\"/a\",\"pathMatch\":\"suffix\"}]", "tok-1");
        String path = "/" + "a/".repeat(30_000) + "b";

        HttpStream stream = harness.newStream();
        assertThat(stream.requestHeaders(requestTo("GET", path), true)).isEqualTo(HeaderStatus.CONTINUE);

        assertThat(stream.requestHeaders()).isEqualTo(plus(requestTo("GET", path), "authorization", "Bearer tok-1"));
    }

    // ---- policy (issue #15): where a token's lifetime comes from (TokenLifetime) ----

    static final long START_EPOCH_SECONDS = io.wasmjava.host.HostEmulator.DEFAULT_START_TIME.getEpochSecond();
    /** A JSON token service without a lifetime in its body, falling back to 30 s. */
    static final String FALLBACK_30 = "{\"serviceName\":\"token.static\",\"requestPath\":\"/token\","
            + "\"tokenJsonPath\":\"data.access_token\",\"injectFormat\":\"Bearer {token}\",\"cacheTtlSeconds\":30,"
            + "\"refreshAheadSeconds\":0}";

    /** An unsigned JWT ({@code alg: none}) with {@code payloadJson} as its claims. */
    static String jwt(String payloadJson) {
        java.util.Base64.Encoder base64 = java.util.Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString(utf8("{\"alg\":\"none\",\"typ\":\"JWT\"}")) + "."
                + base64.encodeToString(utf8(payloadJson)) + ".c2ln";
    }

    /**
     * Fetches {@code token} with {@code headers} and body {@code body} (both as the token service sends them) at the
     * start of the clock, then asserts the fetch's log line ends in {@code cached} and that the token is reused for
     * exactly {@code ttlSeconds}.
     */
    void assertLifetime(String config, String token, Headers headers, String bodyExtra, String cached,
            long ttlSeconds) {
        PluginHarness harness = start(config);
        HttpStream first = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        onlyCall(harness).respond(200, headers, utf8("{\"data\":{\"access_token\":" + jsonString(token)
                + bodyExtra + "}}"));

        assertResumedWithBearer(first, token);
        assertThat(harness.logs(LogLevel.INFO)).containsExactly(PLUGIN_LOG + "plugin start successfully",
                PLUGIN_LOG + "token fetched: " + token.length() + " chars, " + cached);
        assertThat(harness.logs(LogLevel.WARN)).isEmpty();
        if (ttlSeconds == 0) {
            request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
            return;
        }
        harness.advanceTime(ttlSeconds * 1000 - 1);
        request(harness, HeaderStatus.CONTINUE);
        assertThat(harness.pendingHttpCalls()).isEmpty();
        harness.advanceTime(1);
        request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
    }

    static Stream<Arguments> cacheControls() {
        return Stream.of(
                arguments("max-age", List.of("max-age=120"), "cached for 120 s", 120),
                arguments("no-store is about HTTP caches (RFC 6749 5.1 requires it)", List.of("no-store, max-age=60"),
                        "cached for 60 s", 60),
                arguments("directive names in any case", List.of("private, MAX-AGE=45"), "cached for 45 s", 45),
                arguments("the quoted form", List.of("max-age=\"90\""), "cached for 90 s", 90),
                arguments("in a second field line", List.of("no-cache", "max-age=70"), "cached for 70 s", 70),
                arguments("the first max-age wins", List.of("max-age=50, max-age=10"), "cached for 50 s", 50),
                arguments("a quoted comma before it", List.of("x=\"a,max-age=5\", max-age=80"), "cached for 80 s",
                        80),
                arguments("zero: not cached", List.of("max-age=0"),
                        "not cached (Cache-Control max-age is not positive)", 0),
                arguments("beyond a long", List.of("max-age=99999999999999999999999"),
                        "cached for 31536000 s (Cache-Control max-age above the maximum)", 31_536_000),
                arguments("negative: cacheTtlSeconds", List.of("max-age=-5"), "cached for 30 s (Cache-Control max-age "
                        + "not read: max-age is not a number of seconds)", 30),
                arguments("a fraction: cacheTtlSeconds", List.of("max-age=1.5"), "cached for 30 s (Cache-Control "
                        + "max-age not read: max-age is not a number of seconds)", 30),
                arguments("no value: cacheTtlSeconds", List.of("public, max-age"),
                        "cached for 30 s (Cache-Control max-age not read: max-age without a value)", 30),
                arguments("no max-age: cacheTtlSeconds", List.of("no-store"), "cached for 30 s", 30),
                arguments("no Cache-Control: cacheTtlSeconds", List.of(), "cached for 30 s", 30));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cacheControls")
    void readsTheLifetimeFromCacheControlMaxAge(String row, List<String> cacheControl, String cached,
            long ttlSeconds) {
        Headers.Builder headers = Headers.of("content-type", "application/json").newBuilder();
        cacheControl.forEach(value -> headers.add("cache-control", value));

        assertLifetime(with(FALLBACK_30, "\"lifetimeFromCacheControl\":true"), "tok-1", headers.build(), "",
                cached, ttlSeconds);
    }

    static Stream<Arguments> absoluteExpiries() {
        long start = START_EPOCH_SECONDS;
        return Stream.of(
                arguments("an hour from now", Long.toString(start + 3600), "cached for 3600 s", 3600),
                arguments("as a string", "\"" + (start + 3600) + "\"", "cached for 3600 s", 3600),
                arguments("with a fraction", (start + 3600) + ".9", "cached for 3600 s", 3600),
                arguments("now: already expired", Long.toString(start), "not cached (data.expires_at has passed)", 0),
                arguments("in the past", Long.toString(start - 100), "not cached (data.expires_at has passed)", 0),
                arguments("milliseconds by mistake: capped", Long.toString(start * 1000),
                        "cached for 31536000 s (data.expires_at above the maximum)", 31_536_000),
                arguments("beyond a double", "1e400", "cached for 31536000 s (data.expires_at above the maximum)",
                        31_536_000),
                arguments("far in the past", "-1e400", "not cached (data.expires_at has passed)", 0),
                arguments("not a number: cacheTtlSeconds", "\"soon\"", "cached for 30 s", 30),
                arguments("null: cacheTtlSeconds", "null", "cached for 30 s", 30));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("absoluteExpiries")
    void readsTheLifetimeFromAnAbsoluteExpiryInTheBody(String row, String expiresAt, String cached,
            long ttlSeconds) {
        assertLifetime(with(FALLBACK_30, "\"expiresAtJsonPath\":\"data.expires_at\""), "tok-1",
                Headers.of("content-type", "application/json"), ",\"expires_at\":" + expiresAt, cached, ttlSeconds);
    }

    static Stream<Arguments> jwts() {
        long start = START_EPOCH_SECONDS;
        String header = jwt("{}").substring(0, jwt("{}").indexOf('.'));
        String base64Garbage = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(utf8("not json"));
        String notRead = "cached for 30 s (JWT exp not read: ";
        return Stream.of(
                arguments("exp ten minutes from now", jwt("{\"sub\":\"gw\",\"exp\":" + (start + 600) + "}"),
                        "cached for 600 s", 600),
                arguments("exp with a fraction", jwt("{\"exp\":" + (start + 600) + ".5}"), "cached for 600 s", 600),
                arguments("exp now: already expired", jwt("{\"exp\":" + start + "}"), "not cached (JWT exp has passed)",
                        0),
                arguments("exp beyond a double: capped", jwt("{\"exp\":1e400}"),
                        "cached for 31536000 s (JWT exp above the maximum)", 31_536_000),
                arguments("no exp", jwt("{\"sub\":\"gw\"}"), notRead + "JWT has no exp claim)", 30),
                arguments("exp as a string", jwt("{\"exp\":\"" + (start + 600) + "\"}"),
                        notRead + "JWT exp is not a number)", 30),
                arguments("claims that are not an object", jwt("[1]"), notRead + "JWT payload is not a JSON object)",
                        30),
                arguments("an opaque token", "opaque-token", notRead + "not a JWT (1 dot-separated parts, not 3))", 30),
                arguments("two parts", "a.b", notRead + "not a JWT (2 dot-separated parts, not 3))", 30),
                arguments("four parts", "a.b.c.d", notRead + "not a JWT (4 dot-separated parts, not 3))", 30),
                arguments("an encrypted JWT", "a.b.c.d.e", notRead + "an encrypted JWT, whose claims cannot be read)",
                        30),
                arguments("a payload that is not base64url", header + ".%%%%.c2ln",
                        notRead + "JWT payload is not base64url)", 30),
                arguments("a padded payload", header + ".e30=.c2ln", notRead + "JWT payload is not base64url)", 30),
                arguments("a payload of impossible length", header + ".abcde.c2ln",
                        notRead + "JWT payload is not base64url)", 30),
                arguments("a payload that is not JSON", header + "." + base64Garbage + ".c2ln",
                        notRead + "JWT payload is not JSON (syntax error at line 1 column 1))", 30),
                arguments("an empty payload", header + "..c2ln",
                        notRead + "JWT payload is not JSON (syntax error at line 1 column 1))", 30),
                arguments("a payload that is not UTF-8", header + ".__79.c2ln",
                        notRead + "JWT payload is not JSON (syntax error at line 1 column 1))", 30),
                arguments("three dots only", "..", notRead + "JWT payload is not JSON (syntax error at line 1 column "
                        + "1))", 30));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jwts")
    void readsTheLifetimeFromTheTokensJwtExp(String row, String token, String cached, long ttlSeconds) {
        assertLifetime(with(FALLBACK_30, "\"lifetimeFromJwt\":true"), token,
                Headers.of("content-type", "application/json"), "", cached, ttlSeconds);
    }

    static Stream<Arguments> lifetimePrecedence() {
        long start = START_EPOCH_SECONDS;
        String both = "\"expiresInJsonPath\":\"data.expires_in\",\"lifetimeFromJwt\":true,"
                + "\"lifetimeFromCacheControl\":true";
        return Stream.of(
                arguments("the JWT's exp is shorter", both, jwt("{\"exp\":" + (start + 600) + "}"),
                        List.of(), ",\"expires_in\":3600", "cached for 600 s (from JWT exp)", 600),
                arguments("expires_in is shorter", both, jwt("{\"exp\":" + (start + 600) + "}"),
                        List.of(), ",\"expires_in\":300", "cached for 300 s (from data.expires_in)", 300),
                arguments("max-age is shortest", both, jwt("{\"exp\":" + (start + 600) + "}"),
                        List.of("no-store, max-age=60"), ",\"expires_in\":300",
                        "cached for 60 s (from Cache-Control max-age)", 60),
                arguments("a non-positive source wins", both, jwt("{\"exp\":" + (start + 600) + "}"),
                        List.of(), ",\"expires_in\":-5", "not cached (data.expires_in is not positive)", 0),
                arguments("an unreadable JWT leaves the others", both, "opaque-token", List.of(),
                        ",\"expires_in\":3600", "cached for 3600 s (from data.expires_in) (JWT exp not read: not a "
                                + "JWT (1 dot-separated parts, not 3))", 3600),
                arguments("the absolute expiry is shorter", "\"expiresInJsonPath\":\"data.expires_in\","
                        + "\"expiresAtJsonPath\":\"data.expires_at\"", "tok-1", List.of(),
                        ",\"expires_in\":3600,\"expires_at\":" + (start + 100),
                        "cached for 100 s (from data.expires_at)", 100),
                arguments("no source gives one: cacheTtlSeconds", both, "opaque-token", List.of("no-store"), "",
                        "cached for 30 s (JWT exp not read: not a JWT (1 dot-separated parts, not 3))", 30));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lifetimePrecedence")
    void theShortestLifetimeOfAllSourcesWins(String row, String sources, String token, List<String> cacheControl,
            String bodyExtra, String cached, long ttlSeconds) {
        Headers.Builder headers = Headers.of("content-type", "application/json").newBuilder();
        cacheControl.forEach(value -> headers.add("cache-control", value));

        assertLifetime(with(FALLBACK_30, sources), token, headers.build(), bodyExtra, cached, ttlSeconds);
    }

    @Test
    void aJwtLifetimeNeverLogsTheToken() {
        String token = jwt("{\"sub\":\"secret-subject-42\",\"exp\":\"soon\"}");
        PluginHarness harness = start(with(FALLBACK_30, "\"lifetimeFromJwt\":true"));
        request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);

        onlyCall(harness).respond(200, "{\"data\":{\"access_token\":\"" + token + "\"}}");

        assertThat(harness.logs()).allSatisfy(line -> assertThat(line).doesNotContain(token,
                token.substring(token.indexOf('.') + 1, token.lastIndexOf('.')), "secret-subject-42"));
    }

    // ---- policy (issue #15): invalidation on upstream statuses ----

    @Test
    void aSkippedRequestsStatusInvalidatesNothing() {
        PluginHarness harness = startWithCachedToken(SKIP_RULES, "tok-1");
        HttpStream skipped = harness.newStream();
        skipped.requestHeaders(requestTo("GET", "/healthz"), true);
        skipped.responseHeaders(Headers.of(":status", "401"), true);
        skipped.complete();

        assertThat(request(harness, HeaderStatus.CONTINUE).requestHeaders())
                .isEqualTo(plus(REQUEST, "authorization", "Bearer tok-1"));
    }

    /** The policy example of the top-level README's token section, as printed there. */
    static final String README_POLICY_EXAMPLE = "{\"serviceName\": \"token.static\", \"servicePort\": 80, "
            + "\"requestPath\": \"/token\", \"tokenJsonPath\": \"access_token\",\n \"injectFormat\": \"Bearer {token}\", "
            + "\"expiresInJsonPath\": \"expires_in\", \"lifetimeFromJwt\": true,\n \"fetchBackoffMillis\": 500, "
            + "\"failureModeAllowHeaderAdd\": true, \"invalidateOnStatuses\": [401, 403],\n \"skipRules\": "
            + "[{\"path\": \"/healthz\"}, {\"methods\": [\"OPTIONS\"]}]}";

    @Test
    void theReadmesPolicyExampleWorksAsDescribed() {
        PluginHarness harness = start(README_POLICY_EXAMPLE);
        HttpStream failed = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        onlyCall(harness).reset();
        harness.advanceTime(500);
        HttpStream fetched = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        String token = jwt("{\"exp\":" + (START_EPOCH_SECONDS + 600) + "}");
        onlyCall(harness).respond(200, "{\"access_token\":\"" + token + "\",\"expires_in\":3600}");
        HttpStream health = harness.newStream();
        health.requestHeaders(requestTo("GET", "/healthz"), true);

        assertThat(failed.requestHeaders()).isEqualTo(plus(REQUEST, MARKER, "true"));
        assertResumedWithBearer(fetched, token);
        assertThat(harness.logs(LogLevel.INFO)).contains(
                PLUGIN_LOG + "token fetched: " + token.length() + " chars, cached for 599 s (from JWT exp)");
        assertThat(health.requestHeaders()).isEqualTo(requestTo("GET", "/healthz"));
    }

    // ---- policy (issue #15): configuration errors ----

    static Stream<Arguments> badPolicyConfigurations() {
        return Stream.of(
                arguments("fetchBackoffMillis negative", with(SEED, "\"fetchBackoffMillis\":-1"),
                        "fetchBackoffMillis: must be between 0 and 3600000 but was -1"),
                arguments("fetchBackoffMillis as a string", with(SEED, "\"fetchBackoffMillis\":\"1000\""),
                        "fetchBackoffMillis: expected integer but was string"),
                arguments("fetchBackoffMaxMillis above an hour", with(SEED, "\"fetchBackoffMaxMillis\":3600001"),
                        "fetchBackoffMaxMillis: must be between 0 and 3600000 but was 3600001"),
                arguments("fetchBackoffMaxMillis below fetchBackoffMillis", with(SEED, "\"fetchBackoffMaxMillis\":500"),
                        "fetchBackoffMaxMillis: must be at least fetchBackoffMillis (1000) but was 500"),
                arguments("the marker in deny mode", with(SEED, "\"failureMode\":\"deny\","
                        + "\"failureModeAllowHeaderAdd\":true"), "failureModeAllowHeaderAdd: only used with "
                        + "failureMode allow: a denied request does not reach the upstream"),
                arguments("the marker with deny-500", with(SEED, "\"failureMode\":\"deny-500\","
                        + "\"failureModeAllowHeaderAdd\":true"), "failureModeAllowHeaderAdd: only used with "
                        + "failureMode allow: a denied request does not reach the upstream"),
                arguments("a marker name without the marker", with(SEED, "\"failureModeAllowHeaderName\":\"x-m\""),
                        "failureModeAllowHeaderName: set failureModeAllowHeaderAdd: true to add the header"),
                arguments("a marker that is not a header name", with(SEED, "\"failureModeAllowHeaderAdd\":true,"
                        + "\"failureModeAllowHeaderName\":\"x marker\""), "failureModeAllowHeaderName: not a valid "
                        + "header name: \"x marker\" (character 0x20 at index 1)"),
                arguments("a marker named as the token header", with(JSON_SOURCE, "\"failureModeAllowHeaderAdd\":true,"
                        + "\"failureModeAllowHeaderName\":\"AUTHORIZATION\""), "failureModeAllowHeaderName: the "
                        + "failure marker \"AUTHORIZATION\" must not be the header the token or the body goes into"),
                arguments("failureModeAllowHeaderAdd as a string", with(SEED, "\"failureModeAllowHeaderAdd\":\"true\""),
                        "failureModeAllowHeaderAdd: expected boolean but was string"),
                arguments("skipRules as an object", with(SEED, "\"skipRules\":{}"),
                        "skipRules: expected array but was object"),
                arguments("a skip rule that is a string", with(SEED, "\"skipRules\":[\"/healthz\"]"),
                        "skipRules[0]: expected object but was string"),
                arguments("an empty skip rule", with(SEED, "\"skipRules\":[{\"path\":\"/a\"},{}]"),
                        "skipRules[1]: set path, methods or both: a rule without either would skip nothing"),
                arguments("an unknown pathMatch", with(SEED, "\"skipRules\":[{\"path\":\"/a\",\"pathMatch\":\"glob\"}]"),
                        "skipRules[0].pathMatch: must be \"exact\", \"prefix\", \"suffix\" or \"contains\" but was "
                                + "\"glob\""),
                arguments("pathMatch without a path",
                        with(SEED, "\"skipRules\":[{\"pathMatch\":\"prefix\",\"methods\":[\"GET\"]}]"),
                        "skipRules[0].pathMatch: needs a path"),
                arguments("an empty path", with(SEED, "\"skipRules\":[{\"path\":\"\"}]"),
                        "skipRules[0].path: must not be empty"),
                arguments("a misspelt skip rule field",
                        with(SEED, "\"skipRules\":[{\"path\":\"/a\",\"match\":\"prefix\"}]"),
                        "skipRules[0].match: unknown field"),
                arguments("ext-auth's regex type",
                        with(SEED, "\"skipRules\":[{\"path\":\"^/v[0-9]+$\",\"pathMatch\":\"regex\"}]"),
                        "skipRules[0].pathMatch: \"regex\" is not supported (it would make the module about 130 KB "
                                + "larger); use \"exact\", \"prefix\", \"suffix\" or \"contains\", with several rules if "
                                + "needed"),
                arguments("empty methods", with(SEED, "\"skipRules\":[{\"methods\":[]}]"),
                        "skipRules[0].methods: must not be empty (leave it out to match every method)"),
                arguments("a method that is not a token", with(SEED, "\"skipRules\":[{\"methods\":[\"GET\",\"GE T\"]}]"),
                        "skipRules[0].methods[1]: not an HTTP method (an RFC 9110 token): \"GE T\""),
                arguments("a method that is a number", with(SEED, "\"skipRules\":[{\"methods\":[1]}]"),
                        "skipRules[0].methods[0]: expected string but was number"),
                arguments("an empty expiresAtJsonPath", with(SEED, "\"expiresAtJsonPath\":\"\""),
                        "expiresAtJsonPath: must not be empty"),
                arguments("lifetimeFromJwt as a string", with(SEED, "\"lifetimeFromJwt\":\"yes\""),
                        "lifetimeFromJwt: expected boolean but was string"),
                arguments("lifetimeFromCacheControl as a number", with(SEED, "\"lifetimeFromCacheControl\":1"),
                        "lifetimeFromCacheControl: expected boolean but was number"),
                arguments("both invalidation fields",
                        with(SEED, "\"invalidateOn401\":true,\"invalidateOnStatuses\":[401]"),
                        "invalidateOn401: set either invalidateOn401 or invalidateOnStatuses, not both"),
                arguments("an invalidation status below 100", with(SEED, "\"invalidateOnStatuses\":[401,99]"),
                        "invalidateOnStatuses[1]: must be between 100 and 599 but was 99"),
                arguments("an invalidation status as a string", with(SEED, "\"invalidateOnStatuses\":[\"401\"]"),
                        "invalidateOnStatuses[0]: expected integer but was string"),
                arguments("invalidation statuses as a number", with(SEED, "\"invalidateOnStatuses\":401"),
                        "invalidateOnStatuses: expected array but was number"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPolicyConfigurations")
    void refusesABadPolicyFieldNamingItsPath(String problem, String config, String message) {
        assertRefuses(track(harness().config(config).build()), message);
    }
}
