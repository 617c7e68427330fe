package io.wasmjava.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.wasmjava.cluster.Cluster;
import io.wasmjava.cluster.ClusterContext;
import io.wasmjava.cluster.RouteCluster;
import io.wasmjava.cluster.TargetCluster;
import io.wasmjava.core.DataStatus;
import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.core.LogLevel;
import io.wasmjava.host.HostEmulator;
import io.wasmjava.host.HttpStream;
import io.wasmjava.host.LocalResponse;
import io.wasmjava.host.PendingHttpCall;
import io.wasmjava.http.HttpCallException.Kind;
import io.wasmjava.http.RecordingCallback.Outcome;
import io.wasmjava.testkit.PluginHarness;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two outcomes of an {@link HttpClient} call (higress-sdk.md §2.3, style.md rule 3): a response with any status,
 * or a failure that says why there is none, never a made-up 502. Runs a small plugin on the test kit's JVM engine;
 * the test answers the calls, in any order, and moves the host clock.
 */
class HttpClientTest {
    private static final TargetCluster TOKEN_SERVICE = TargetCluster.of("outbound|80||token.static", "token.static");
    private static final HttpRequest TOKEN_REQUEST = HttpRequest.newBuilder().url("/token").build();
    private static final String LOG_PREFIX = "[" + ClientPlugin.NAME + "] [nil] [req-1] ";

    private final List<PluginHarness> harnesses = new ArrayList<>();

    @AfterEach
    void closeHarnesses() {
        harnesses.forEach(PluginHarness::close);
    }

    private PluginHarness start(ClientPlugin plugin) {
        PluginHarness harness = plugin.start();
        harnesses.add(harness);
        return harness;
    }

    /** A plugin that sends {@code request} from every request's header phase and holds the request. */
    private static ClientPlugin sending(HttpRequest request, HttpCallback callback) {
        return ClientPlugin.calling(TOKEN_SERVICE).onRequestHeaders((http, client) -> {
            client.send(request, callback);
            return HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK;
        });
    }

    /** Starts {@code plugin}, sends one request through it and returns the call it made. */
    private PendingHttpCall oneCall(ClientPlugin plugin) {
        PluginHarness harness = start(plugin);
        assertThat(harness.newStream().requestHeaders(ClientPlugin.REQUEST, true))
                .isEqualTo(HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        assertThat(harness.pendingHttpCalls()).hasSize(1);
        return harness.pendingHttpCalls().get(0);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // ---- responses ----

    @ParameterizedTest(name = ":status {0}")
    @ValueSource(ints = {100, 200, 201, 204, 301, 304, 400, 401, 403, 404, 429, 500, 502, 503, 504, 999})
    void deliversAnyStatusAsAResponse(int status) {
        RecordingCallback callback = new RecordingCallback();
        PendingHttpCall call = oneCall(sending(TOKEN_REQUEST, callback));

        call.respond(status, Headers.of("content-type", "text/plain"), utf8("body of " + status));

        assertThat(callback.outcomes()).containsExactly(Outcome.response(status,
                Headers.of(":status", Integer.toString(status), "content-type", "text/plain"), "body of " + status));
    }

    @Test
    void looksUpResponseHeadersIgnoringCase() {
        RecordingCallback callback = new RecordingCallback();
        PendingHttpCall call = oneCall(sending(TOKEN_REQUEST, callback));

        call.respond(200, Headers.of("X-Token", "t-1", "Set-Cookie", "a=1", "set-cookie", "b=2"), new byte[0]);

        HttpResponse response = callback.responses().get(0);
        assertThat(response.headers()).isEqualTo(
                Headers.of(":status", "200", "x-token", "t-1", "set-cookie", "a=1", "set-cookie", "b=2"));
        assertThat(response.header("X-TOKEN")).isEqualTo("t-1");
        assertThat(response.header("x-token")).isEqualTo("t-1");
        assertThat(response.headers().values("SET-COOKIE")).containsExactly("a=1", "b=2");
        assertThat(response.header("x-missing")).isNull();
    }

    @Test
    void copiesTheBodySoItOutlivesTheCallback() {
        RecordingCallback callback = new RecordingCallback();
        PendingHttpCall call = oneCall(sending(TOKEN_REQUEST, callback));

        call.respond(200, Headers.empty(), utf8("{\"token\":\"t-1\"}"));
        HttpResponse response = callback.responses().get(0);
        byte[] read = response.body();
        read[0] = 'X';

        assertThat(response.body()).isEqualTo(utf8("{\"token\":\"t-1\"}"));
        assertThat(response.bodyString()).isEqualTo("{\"token\":\"t-1\"}");
        assertThat(response.isSuccessful()).isTrue();
        assertThat(response).hasToString("HttpResponse{status=200, bodyBytes=15}");
    }

    @Test
    void deliversEnvoysOwnTimeoutReplyAsAResponse() {
        RecordingCallback callback = new RecordingCallback();
        PendingHttpCall call = oneCall(sending(TOKEN_REQUEST, callback));

        call.timeout();

        assertThat(callback.outcomes()).containsExactly(Outcome.response(504,
                Headers.of(":status", "504", "content-length", "24", "content-type", "text/plain"),
                "upstream request timeout"));
    }

    // ---- failures ----

    @Test
    void reportsAnUnknownClusterAsDispatchRefusedBeforeSendReturns() {
        RecordingCallback callback = new RecordingCallback();
        List<List<Outcome>> seenWhenSendReturned = new ArrayList<>();
        PluginHarness harness = start(ClientPlugin.calling(TOKEN_SERVICE)
                .knownClusters("outbound|80||other.static")
                .onRequestHeaders((http, client) -> {
                    client.send(TOKEN_REQUEST, callback);
                    seenWhenSendReturned.add(callback.outcomes());
                    return callback.outcomes().isEmpty()
                            ? HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK : HeaderStatus.CONTINUE;
                }));

        HeaderStatus status = harness.newStream().requestHeaders(ClientPlugin.REQUEST, true);

        Outcome refused = Outcome.failure(Kind.DISPATCH_REFUSED,
                "dispatch to cluster outbound|80||token.static refused: proxy_http_call: BAD_ARGUMENT");
        assertThat(seenWhenSendReturned).containsExactly(List.of(refused));
        assertThat(status).isEqualTo(HeaderStatus.CONTINUE);
        assertThat(harness.pendingHttpCalls()).isEmpty();
        assertThat(callback.outcomes()).containsExactly(refused);
        assertThat(harness.logs(LogLevel.CRITICAL)).isEmpty();
    }

    @Test
    void refusesAClusterAuthorityThatIsNotAValidAuthorityWithoutCallingTheHost() {
        RecordingCallback callback = new RecordingCallback();
        // TargetCluster refuses such a host itself; a cluster of the plugin's own may not.
        Cluster cluster = new Cluster() {
            @Override
            public String clusterName(ClusterContext context) {
                return "outbound|80||token.static";
            }

            @Override
            public String authority(ClusterContext context) {
                return "token.static\r\nx-injected: evil";
            }
        };
        PluginHarness harness = start(ClientPlugin.calling(cluster)
                .onTick(client -> client.send(TOKEN_REQUEST, callback)));

        assertThat(harness.tick()).isTrue();

        assertThat(callback.outcomes()).containsExactly(Outcome.failure(Kind.DISPATCH_REFUSED,
                "not a valid value for header \":authority\": character 0x0d at index 12 (an authority is a host and "
                        + "an optional port)"));
        assertThat(harness.pendingHttpCalls()).isEmpty();
    }

    @Test
    void reportsARouteClusterUsedOutsideARequestAsDispatchRefused() {
        RecordingCallback callback = new RecordingCallback();
        PluginHarness harness = start(ClientPlugin.calling(RouteCluster.create())
                .onTick(client -> client.send(TOKEN_REQUEST, callback)));

        assertThat(harness.tick()).isTrue();

        assertThat(callback.outcomes()).containsExactly(Outcome.failure(Kind.DISPATCH_REFUSED,
                "RouteCluster used outside a request: no cluster_name property"));
        assertThat(harness.pendingHttpCalls()).isEmpty();
    }

    static Stream<Arguments> callbacksWithoutStatus() {
        return Stream.of(
                arguments("at once: reset", 500, 0, Outcome.failure(Kind.RESET,
                        "call reset after 0 ms without a response")),
                arguments("1 ms before the timeout: reset", 500, 499, Outcome.failure(Kind.RESET,
                        "call reset after 499 ms without a response")),
                arguments("at the timeout: timeout", 500, 500, Outcome.failure(Kind.TIMEOUT,
                        "no response within 500 ms")),
                arguments("long after the timeout: timeout", 500, 30_000, Outcome.failure(Kind.TIMEOUT,
                        "no response within 500 ms")),
                arguments("1 ms before a 2 s timeout: reset", 2000, 1999, Outcome.failure(Kind.RESET,
                        "call reset after 1999 ms without a response")),
                arguments("at a 2 s timeout: timeout", 2000, 2000, Outcome.failure(Kind.TIMEOUT,
                        "no response within 2000 ms")));
    }

    @ParameterizedTest(name = "no :status {0}")
    @MethodSource("callbacksWithoutStatus")
    void reportsACallbackWithoutStatusAsResetOrTimeoutByTheHostClockNeverAs502(String when, int timeoutMillis,
            int elapsedMillis, Outcome expected) {
        RecordingCallback callback = new RecordingCallback();
        HttpRequest request = TOKEN_REQUEST.toBuilder().timeoutMillis(timeoutMillis).build();
        PluginHarness harness = start(sending(request, callback));
        harness.newStream().requestHeaders(ClientPlugin.REQUEST, true);
        PendingHttpCall call = harness.pendingHttpCalls().get(0);

        harness.advanceTime(elapsedMillis);
        call.reset();

        assertThat(callback.outcomes()).containsExactly(expected);
    }

    @ParameterizedTest(name = ":status \"{0}\"")
    @ValueSource(strings = {"abc", "20", "2000", "099", "", " 200", "2O0", "-20"})
    void reportsAnUnusableStatusAsInvalidResponse(String status) {
        RecordingCallback callback = new RecordingCallback();
        PendingHttpCall call = oneCall(sending(TOKEN_REQUEST, callback));

        call.respond(Headers.of(":status", status, "content-type", "text/plain"), utf8("body"));

        assertThat(callback.outcomes()).containsExactly(Outcome.failure(Kind.INVALID_RESPONSE,
                "response has an invalid :status \"" + status + "\""));
    }

    // ---- concurrency, phases, ticks ----

    @Test
    void answersSeveralCallsFromOneRequestInTheOrderTheyArrive() {
        List<Outcome> arrivals = new ArrayList<>();
        PluginHarness harness = start(ClientPlugin.calling(TOKEN_SERVICE).onRequestHeaders((http, client) -> {
            int[] outstanding = {3};
            for (String path : List.of("/a", "/b", "/c")) {
                client.send(HttpRequest.newBuilder().url(path).build(), new RecordingCallback(arrivals, outcome -> {
                    http.addRequestHeader("x-answer", path + "=" + outcome.status());
                    if (--outstanding[0] == 0) {
                        http.resumeRequest();
                    }
                }));
            }
            return HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK;
        }));
        HttpStream stream = harness.newStream();
        stream.requestHeaders(ClientPlugin.REQUEST, true);
        List<PendingHttpCall> calls = harness.pendingHttpCalls();
        assertThat(calls).extracting(call -> call.headers().value(":path")).containsExactly("/a", "/b", "/c");

        calls.get(2).respond(203, "c");
        calls.get(0).respond(201, "a");
        assertThat(stream.requestResumed()).isFalse();
        calls.get(1).respond(202, "b");

        assertThat(arrivals).containsExactly(
                Outcome.response(203, Headers.of(":status", "203"), "c"),
                Outcome.response(201, Headers.of(":status", "201"), "a"),
                Outcome.response(202, Headers.of(":status", "202"), "b"));
        assertThat(stream.requestHeaders()).isEqualTo(ClientPlugin.REQUEST.newBuilder()
                .add("x-answer", "/c=203").add("x-answer", "/a=201").add("x-answer", "/b=202").build());
        assertThat(stream.requestResumeCount()).isEqualTo(1);
    }

    @Test
    void runsEachCallbackWithTheRequestThatMadeTheCallEffective() {
        PluginHarness harness = start(ClientPlugin.calling(TOKEN_SERVICE).onRequestHeaders((http, client) -> {
            client.send(TOKEN_REQUEST, new RecordingCallback(new ArrayList<>(), outcome -> {
                http.addRequestHeader("x-call-status", Integer.toString(outcome.status()));
                http.resumeRequest();
            }));
            return HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK;
        }));
        HttpStream first = harness.newStream();
        HttpStream second = harness.newStream();
        first.requestHeaders(ClientPlugin.REQUEST, true);
        second.requestHeaders(ClientPlugin.REQUEST, true);
        List<PendingHttpCall> calls = harness.pendingHttpCalls();
        assertThat(calls).extracting(PendingHttpCall::contextId)
                .containsExactly(first.contextId(), second.contextId());

        calls.get(1).respond(202, "second");
        calls.get(0).respond(201, "first");

        assertThat(first.requestHeaders()).isEqualTo(
                ClientPlugin.REQUEST.newBuilder().add("x-call-status", "201").build());
        assertThat(second.requestHeaders()).isEqualTo(
                ClientPlugin.REQUEST.newBuilder().add("x-call-status", "202").build());
        assertThat(first.requestResumeCount()).isEqualTo(1);
        assertThat(second.requestResumeCount()).isEqualTo(1);
    }

    @Test
    void sendsCallsFromTheRequestBodyPhase() {
        List<Outcome> outcomes = new ArrayList<>();
        PluginHarness harness = start(ClientPlugin.calling(TOKEN_SERVICE)
                .onRequestBody((http, client, body) -> {
                    client.send(HttpRequest.newBuilder().url("/inspect").post(body).build(),
                            new RecordingCallback(outcomes, outcome -> http.resumeRequest()));
                    return DataStatus.STOP_ITERATION_AND_WATERMARK;
                }));
        HttpStream stream = harness.newStream();
        assertThat(stream.requestHeaders(ClientPlugin.REQUEST, false)).isEqualTo(HeaderStatus.CONTINUE);

        assertThat(stream.requestBody("hello body", true)).isEqualTo(DataStatus.STOP_ITERATION_AND_WATERMARK);
        PendingHttpCall call = harness.pendingHttpCalls().get(0);
        assertThat(call.headers()).isEqualTo(
                Headers.of(":method", "POST", ":path", "/inspect", ":authority", "token.static"));
        assertThat(call.bodyText()).isEqualTo("hello body");
        assertThat(call.contextId()).isEqualTo(stream.contextId());
        call.respond(200, "clean");

        assertThat(outcomes).containsExactly(Outcome.response(200, Headers.of(":status", "200"), "clean"));
        assertThat(stream.requestResumeCount()).isEqualTo(1);
    }

    @Test
    void sendsCallsFromATickAndAnswersThemOnThePluginContext() {
        RecordingCallback callback = new RecordingCallback();
        PluginHarness harness = start(ClientPlugin.calling(TOKEN_SERVICE)
                .onTick(client -> client.send(TOKEN_REQUEST, callback)));
        assertThat(harness.tickPeriodMillis()).isEqualTo(100);

        assertThat(harness.tick()).isTrue();
        PendingHttpCall call = harness.pendingHttpCalls().get(0);
        assertThat(call.contextId()).isEqualTo(HostEmulator.ROOT_CONTEXT_ID);
        assertThat(call.headers()).isEqualTo(
                Headers.of(":method", "GET", ":path", "/token", ":authority", "token.static"));
        call.respond(200, "from tick");

        assertThat(callback.outcomes()).containsExactly(
                Outcome.response(200, Headers.of(":status", "200"), "from tick"));
    }

    @Test
    void attributesACallMadeFromACallbackToTheSameRequest() {
        RecordingCallback second = new RecordingCallback();
        PluginHarness harness = start(ClientPlugin.calling(TOKEN_SERVICE).onRequestHeaders((http, client) -> {
            client.send(TOKEN_REQUEST, new RecordingCallback(new ArrayList<>(),
                    outcome -> client.send(HttpRequest.newBuilder().url("/second").build(), second)));
            return HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK;
        }));
        HttpStream stream = harness.newStream();
        stream.requestHeaders(ClientPlugin.REQUEST, true);

        harness.pendingHttpCalls().get(0).respond(200, "first");
        PendingHttpCall followUp = harness.pendingHttpCalls().get(0);
        stream.complete();
        followUp.respond(200, "second");

        assertThat(followUp.contextId()).isEqualTo(stream.contextId());
        assertThat(second.outcomes()).as("dropped with the request that made it").isEmpty();
    }

    // ---- the calling request ended ----

    static Stream<Arguments> lateAnswers() {
        return Stream.<Arguments>of(
                arguments("a response", (Consumer<PendingHttpCall>) call -> call.respond(200, "late")),
                arguments("a reset", (Consumer<PendingHttpCall>) PendingHttpCall::reset),
                arguments("Envoy's timeout reply", (Consumer<PendingHttpCall>) PendingHttpCall::timeout));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lateAnswers")
    void dropsTheCallbackOfARequestThatHasEnded(String answer, Consumer<PendingHttpCall> deliver) {
        RecordingCallback callback = new RecordingCallback();
        PluginHarness harness = start(sending(TOKEN_REQUEST, callback));
        HttpStream stream = harness.newStream();
        stream.requestHeaders(ClientPlugin.REQUEST, true);
        PendingHttpCall call = harness.pendingHttpCalls().get(0);

        stream.complete();
        deliver.accept(call);

        assertThat(callback.outcomes()).isEmpty();
        assertThat(harness.pendingHttpCalls()).isEmpty();
        assertThat(harness.logs(LogLevel.CRITICAL)).isEmpty();
    }

    @Test
    void deliversACallSentForThePluginEvenAfterTheRequestEnded() {
        RecordingCallback callback = new RecordingCallback();
        PluginHarness harness = start(ClientPlugin.calling(TOKEN_SERVICE).onRequestHeaders((http, client) -> {
            client.forPlugin().send(TOKEN_REQUEST, callback);
            return HeaderStatus.CONTINUE;
        }));
        HttpStream stream = harness.newStream();
        stream.requestHeaders(ClientPlugin.REQUEST, true);
        PendingHttpCall call = harness.pendingHttpCalls().get(0);

        stream.complete();
        call.respond(200, "shared");

        assertThat(callback.outcomes()).containsExactly(Outcome.response(200, Headers.of(":status", "200"), "shared"));
    }

    @Test
    void theForPluginClientIsOneInstanceOfTheSameClusterAndItsOwnForPluginClient() {
        HttpClient[] clients = new HttpClient[1];
        start(ClientPlugin.calling(TOKEN_SERVICE).onRequestHeaders((http, client) -> {
            clients[0] = client;
            return HeaderStatus.CONTINUE;
        })).newStream().requestHeaders(ClientPlugin.REQUEST, true);

        HttpClient forPlugin = clients[0].forPlugin();
        assertThat(List.of(forPlugin.forPlugin(), clients[0].forPlugin(), forPlugin.cluster()))
                .containsExactly(forPlugin, forPlugin, clients[0].cluster());
        assertThat(forPlugin).isNotSameAs(clients[0]);
    }

    // ---- the promise face and callback failures ----

    @Test
    void callRunsTheStagesThenResumes() {
        PluginHarness harness = start(ClientPlugin.calling(TOKEN_SERVICE).onRequestHeaders((http, client) -> {
            client.call(TOKEN_REQUEST)
                    .onSuccess(response -> http.addRequestHeader("x-token", response.header("x-token")))
                    .resumeOrReject(http, 503, "upstream call failed");
            return HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK;
        }));
        HttpStream stream = harness.newStream();
        stream.requestHeaders(ClientPlugin.REQUEST, true);

        harness.pendingHttpCalls().get(0).respond(200, Headers.of("x-token", "t-1"), new byte[0]);

        assertThat(stream.requestHeaders()).isEqualTo(ClientPlugin.REQUEST.newBuilder().add("x-token", "t-1").build());
        assertThat(stream.requestResumeCount()).isEqualTo(1);
        assertThat(stream.localResponse()).isNull();
    }

    @Test
    void callDoesNotResumeARequestAStageAnswered() {
        PluginHarness harness = start(ClientPlugin.calling(TOKEN_SERVICE).onRequestHeaders((http, client) -> {
            client.call(TOKEN_REQUEST).onSuccess(response -> http.sendLocalResponse(403, "forbidden"))
                    .resumeOrReject(http, 503, "upstream call failed");
            return HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK;
        }));
        HttpStream stream = harness.newStream();
        stream.requestHeaders(ClientPlugin.REQUEST, true);

        harness.pendingHttpCalls().get(0).respond(401, "denied");

        assertThat(stream.localResponses()).containsExactly(LocalResponse.of(403, Headers.empty(), "forbidden"));
        assertThat(stream.requestResumed()).isFalse();
    }

    @Test
    void callAnswersAFailureWithTheFailureStatusAndLogsIt() {
        PluginHarness harness = start(ClientPlugin.calling(TOKEN_SERVICE).onRequestHeaders((http, client) -> {
            client.call(TOKEN_REQUEST).resumeOrReject(http, 503, "upstream call failed");
            return HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK;
        }));
        HttpStream stream = harness.newStream();
        stream.requestHeaders(ClientPlugin.REQUEST, true);

        harness.pendingHttpCalls().get(0).reset();

        assertThat(stream.localResponses()).containsExactly(
                LocalResponse.of(503, Headers.empty(), "upstream call failed"));
        assertThat(stream.requestResumed()).isFalse();
        assertThat(harness.logs(LogLevel.WARN)).containsExactly(
                LOG_PREFIX + "request chain failed: io.wasmjava.http.HttpCallException: call reset after 0 ms without "
                        + "a response");
    }

    @Test
    void logsACallbackThatThrowsAtCriticalAndResumesTheRequest() {
        PluginHarness harness = start(sending(TOKEN_REQUEST, new HttpCallback() {
            @Override
            public void onResponse(HttpResponse response) {
                throw new IllegalStateException("boom");
            }

            @Override
            public void onFailure(HttpCallException failure) {
            }
        }));
        HttpStream stream = harness.newStream();
        stream.requestHeaders(ClientPlugin.REQUEST, true);

        harness.pendingHttpCalls().get(0).respond(200, "ok");

        assertThat(harness.logs(LogLevel.CRITICAL)).containsExactly("[" + ClientPlugin.NAME
                + "] uncaught exception in proxy_on_http_call_response: java.lang.IllegalStateException: boom");
        assertThat(stream.requestResumeCount()).isEqualTo(1);
    }
}
