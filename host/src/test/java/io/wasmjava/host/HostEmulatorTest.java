package io.wasmjava.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wasmjava.core.DataStatus;
import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.core.LogLevel;
import io.wasmjava.core.host.BufferType;
import io.wasmjava.core.host.HostStatus;
import io.wasmjava.core.host.MapType;
import io.wasmjava.core.host.MetricType;
import io.wasmjava.core.host.StreamType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostEmulatorTest {
    private static final Headers CALL = Headers.of(":method", "GET", ":path", "/", ":authority", "svc");
    private static final MapType REQUEST_HEADERS = MapType.HTTP_REQUEST_HEADERS;
    private static final BufferType REQUEST_BODY = BufferType.HTTP_REQUEST_BODY;

    private final HostEmulator host = new HostEmulator();

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void numbersHttpCalloutsInStepsOfFourFromFour() {
        int first = host.dispatchHttpCall("a", CALL, new byte[0], Headers.empty(), 100);
        int second = host.dispatchHttpCall("a", CALL, new byte[0], Headers.empty(), 100);
        int third = host.dispatchHttpCall("a", CALL, new byte[0], Headers.empty(), 100);

        assertThat(List.of(first, second, third)).containsExactly(4, 8, 12);
    }

    @Test
    void numbersRedisCalloutsWithTheLowBitsSet() {
        int first = host.dispatchRedisCall("redis", bytes("*1\r\n$4\r\nPING\r\n"));
        host.dispatchHttpCall("a", CALL, new byte[0], Headers.empty(), 100);
        int second = host.dispatchRedisCall("redis", bytes("*1\r\n$4\r\nPING\r\n"));

        assertThat(List.of(first, second)).containsExactly(7, 11);
        assertThat(first & 3).isEqualTo(3);
    }

    @Test
    void recordsCalloutsWithTheirContextInDispatchOrder() {
        int stream = HostFixtures.streamInHeaderCallback(host, Headers.of(":path", "/"));

        int token = host.dispatchHttpCall("outbound|80||svc", Headers.of(":method", "POST", ":path", "/x",
                ":authority", "svc", "X-Key", "1"), bytes("body"), Headers.empty(), 500);

        HttpCallout call = host.pendingHttpCalls().get(0);
        assertThat(List.of(call.token(), call.contextId(), call.timeoutMillis())).containsExactly(token, stream, 500);
        assertThat(call.cluster()).isEqualTo("outbound|80||svc");
        assertThat(call.headers()).isEqualTo(Headers.of(":method", "POST", ":path", "/x", ":authority", "svc",
                "x-key", "1"));
        assertThat(call.bodyText()).isEqualTo("body");
    }

    @Test
    void refusesHttpCallsWithoutMethodPathOrAuthority() {
        assertThat(HostFixtures.statusOf(() -> host.dispatchHttpCall("a", Headers.of(":method", "GET", ":path", "/"),
                new byte[0], Headers.empty(), 100))).isEqualTo(HostStatus.BAD_ARGUMENT);
        assertThat(host.pendingHttpCalls()).isEmpty();
    }

    @Test
    void refusesCallsToUnknownClustersOnlyWhenClustersAreConfigured() {
        assertThat(HostFixtures.statusOf(() -> host.dispatchHttpCall("anything", CALL, new byte[0], Headers.empty(), 1)))
                .isEqualTo(HostStatus.OK);

        host.setKnownClusters(List.of("known", "redis"));

        assertThat(HostFixtures.statusOf(() -> host.dispatchHttpCall("unknown", CALL, new byte[0], Headers.empty(), 1)))
                .isEqualTo(HostStatus.BAD_ARGUMENT);
        assertThat(HostFixtures.statusOf(() -> host.dispatchHttpCall("known", CALL, new byte[0], Headers.empty(), 1)))
                .isEqualTo(HostStatus.OK);
        assertThat(HostFixtures.statusOf(() -> host.redisInit("redis?db=1", "", "", 1000))).isEqualTo(HostStatus.OK);
        assertThat(HostFixtures.statusOf(() -> host.dispatchRedisCall("other", bytes("*0\r\n"))))
                .isEqualTo(HostStatus.BAD_ARGUMENT);
    }

    @Test
    void refusesAnEmptyRedisQuery() {
        assertThat(HostFixtures.statusOf(() -> host.dispatchRedisCall("redis", new byte[0]))).isEqualTo(HostStatus.BAD_ARGUMENT);
    }

    @Test
    void recordsRedisInits() {
        host.redisInit("outbound|6379||redis.dns?db=1", "user", "secret", 1000);

        assertThat(host.redisInits()).containsExactly(new RedisInit("outbound|6379||redis.dns?db=1", "user",
                "secret", 1000));
        assertThat(host.redisInits().get(0).toString()).doesNotContain("secret");
    }

    @Test
    void storesHeaderNamesLowerCasedAndLooksThemUpIgnoringCase() {
        int stream = HostFixtures.streamInHeaderCallback(host, Headers.of(":path", "/", "X-A", "1"));

        host.addHeader(REQUEST_HEADERS, "X-B", "2");

        assertThat(host.header(REQUEST_HEADERS, "x-a")).isEqualTo("1");
        assertThat(host.header(REQUEST_HEADERS, "X-B")).isEqualTo("2");
        assertThat(host.header(REQUEST_HEADERS, "x-missing")).isNull();
        assertThat(host.streams.stream(stream).map(MapType.HTTP_REQUEST_HEADERS)).isEqualTo(Headers.of(":path", "/", "x-a", "1", "x-b", "2"));
    }

    @Test
    void replacesEveryValueOfAHeaderWithOneAtTheEnd() {
        int stream = HostFixtures.streamInHeaderCallback(host, Headers.of("a", "1", "b", "2", "a", "3"));

        host.replaceHeader(REQUEST_HEADERS, "A", "9");

        assertThat(host.streams.stream(stream).map(MapType.HTTP_REQUEST_HEADERS)).isEqualTo(Headers.of("b", "2", "a", "9"));
    }

    @Test
    void removesEveryValueOfAHeaderAndIgnoresAbsentNames() {
        int stream = HostFixtures.streamInHeaderCallback(host, Headers.of("a", "1", "b", "2", "a", "3"));

        host.removeHeader(REQUEST_HEADERS, "a");
        host.removeHeader(REQUEST_HEADERS, "absent");

        assertThat(host.streams.stream(stream).map(MapType.HTTP_REQUEST_HEADERS)).isEqualTo(Headers.of("b", "2"));
    }

    @Test
    void replacesTheWholeMap() {
        int stream = HostFixtures.streamInHeaderCallback(host, Headers.of("a", "1"));

        host.setHeaders(REQUEST_HEADERS, Headers.of("Z", "26"));

        assertThat(host.streams.stream(stream).map(MapType.HTTP_REQUEST_HEADERS)).isEqualTo(Headers.of("z", "26"));
        assertThat(host.headerMapSize(REQUEST_HEADERS)).isEqualTo(3);
    }

    /**
     * A stream whose request-headers callback, given {@code a: 1}, returned {@code returned}; no callback is running
     * afterwards.
     */
    private int streamPastRequestHeaders(HeaderStatus returned) {
        int stream = HostFixtures.streamInHeaderCallback(host, Headers.of("a", "1"));
        host.exitCallback();
        host.streams.headersReturned(stream, MapType.HTTP_REQUEST_HEADERS, returned);
        return stream;
    }

    @Test
    void releasesRequestHeadersOnceTheCallbackContinues() {
        int stream = streamPastRequestHeaders(HeaderStatus.CONTINUE);
        host.enterCallback(stream);

        assertThat(host.headers(REQUEST_HEADERS)).isEqualTo(Headers.empty());
        assertThat(HostFixtures.statusOf(() -> host.header(REQUEST_HEADERS, "a"))).isEqualTo(HostStatus.BAD_ARGUMENT);
        assertThat(HostFixtures.statusOf(() -> host.addHeader(REQUEST_HEADERS, "b", "2"))).isEqualTo(HostStatus.BAD_ARGUMENT);
    }

    @Test
    void keepsRequestHeadersAfterAStopUntilTheRequestIsResumed() {
        int stream = streamPastRequestHeaders(HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        host.enterCallback(HostEmulator.ROOT_CONTEXT_ID);
        host.setEffectiveContext(stream);

        host.addHeader(REQUEST_HEADERS, "b", "2");
        host.continueStream(StreamType.REQUEST);

        assertThat(host.streams.stream(stream).map(MapType.HTTP_REQUEST_HEADERS)).isEqualTo(Headers.of("a", "1", "b", "2"));
        assertThat(host.streams.stream(stream).requestResumes).isEqualTo(1);
        assertThat(HostFixtures.statusOf(() -> host.addHeader(REQUEST_HEADERS, "c", "3"))).isEqualTo(HostStatus.BAD_ARGUMENT);
    }

    @Test
    void showsFinalHeadersReadOnlyInTheAccessLogPhase() {
        int stream = streamPastRequestHeaders(HeaderStatus.CONTINUE);
        host.streams.setAccessLogPhase(true);
        host.enterCallback(stream);

        assertThat(host.headers(REQUEST_HEADERS)).isEqualTo(Headers.of("a", "1"));
        assertThat(HostFixtures.statusOf(() -> host.header(MapType.HTTP_RESPONSE_HEADERS, "x")))
                .isEqualTo(HostStatus.NOT_FOUND);
        assertThat(HostFixtures.statusOf(() -> host.addHeader(REQUEST_HEADERS, "b", "2"))).isEqualTo(HostStatus.BAD_ARGUMENT);
    }

    @Test
    void hasNoStreamMapsInTheRootContext() {
        host.createRootContext();
        host.enterCallback(HostEmulator.ROOT_CONTEXT_ID);

        assertThat(host.headers(REQUEST_HEADERS)).isEqualTo(Headers.empty());
        assertThat(HostFixtures.statusOf(() -> host.header(REQUEST_HEADERS, "a"))).isEqualTo(HostStatus.BAD_ARGUMENT);
        assertThat(host.buffer(REQUEST_BODY, 0, 10)).isNull();
    }

    @Test
    void appendsBodyChunksOnlyWhileThePluginBuffers() {
        host.createRootContext();
        int stream = host.createStream();

        assertThat(host.streams.receive(stream, BufferType.HTTP_REQUEST_BODY, bytes("ab"))).isEqualTo(2);
        host.streams.bodyReturned(stream, BufferType.HTTP_REQUEST_BODY, DataStatus.STOP_ITERATION_AND_BUFFER);
        assertThat(host.streams.receive(stream, BufferType.HTTP_REQUEST_BODY, bytes("cd"))).isEqualTo(4);
        host.streams.bodyReturned(stream, BufferType.HTTP_REQUEST_BODY, DataStatus.CONTINUE);
        assertThat(host.streams.stream(stream).requestBody.bytes).isEqualTo(bytes("abcd"));
        assertThat(host.streams.receive(stream, BufferType.HTTP_REQUEST_BODY, bytes("ef"))).isEqualTo(2);
        assertThat(host.streams.stream(stream).requestBody.bytes).isEqualTo(bytes("ef"));
    }

    @Test
    void readsBufferRangesLikeEnvoy() {
        HostFixtures.streamInBodyCallback(host, bytes("0123456789"));

        assertThat(host.buffer(REQUEST_BODY, 0, 100)).isEqualTo(bytes("0123456789"));
        assertThat(host.buffer(REQUEST_BODY, 3, 4)).isEqualTo(bytes("3456"));
        assertThat(host.buffer(REQUEST_BODY, 8, -1)).isEqualTo(bytes("89"));
        assertThat(host.buffer(REQUEST_BODY, 20, 5)).isEqualTo(new byte[0]);
        assertThat(host.bufferLength(REQUEST_BODY)).isEqualTo(10);
    }

    @Test
    void setsBufferBytesWithEnvoysDrainPrependAndAppendRules() {
        int stream = HostFixtures.streamInBodyCallback(host, bytes("hello world"));

        host.setBuffer(REQUEST_BODY, 0, 5, bytes("HELLO"));
        assertThat(host.streams.stream(stream).requestBody.bytes).isEqualTo(bytes("HELLO world"));
        host.setBuffer(REQUEST_BODY, 0, 0, bytes(">"));
        assertThat(host.streams.stream(stream).requestBody.bytes).isEqualTo(bytes(">HELLO world"));
        host.setBuffer(REQUEST_BODY, 12, 0, bytes("!"));
        assertThat(host.streams.stream(stream).requestBody.bytes).isEqualTo(bytes(">HELLO world!"));
        host.setBuffer(REQUEST_BODY, 0, Integer.MAX_VALUE, bytes("new"));
        assertThat(host.streams.stream(stream).requestBody.bytes).isEqualTo(bytes("new"));
        assertThat(HostFixtures.statusOf(() -> host.setBuffer(REQUEST_BODY, 1, 1, bytes("x")))).isEqualTo(HostStatus.BAD_ARGUMENT);
    }

    @Test
    void servesThePluginConfigurationOnlyWhileConfiguring() {
        host.setPluginConfiguration(bytes("{}"));
        BufferType configuration = BufferType.PLUGIN_CONFIGURATION;

        assertThat(host.buffer(configuration, 0, 10)).isNull();
        host.setConfiguring(true);
        assertThat(host.buffer(configuration, 0, 10)).isEqualTo(bytes("{}"));
    }

    @Test
    void prefersStreamPropertiesOverHostWideOnes() {
        int stream = HostFixtures.streamInHeaderCallback(host, Headers.empty());
        host.streams.stream(stream).properties.put(List.of("route_name"), bytes("mine"));

        assertThat(host.property(List.of("route_name"))).isEqualTo(bytes("mine"));
        assertThat(host.property(List.of("cluster_name"))).isEqualTo(bytes("test-cluster-default"));
        assertThat(host.property(List.of("x_request_id"))).isEqualTo(bytes("test-request-id-default"));
        assertThat(host.property(List.of("no", "such"))).isNull();
    }

    @Test
    void keepsPropertiesThePluginSetsOnItsContext() {
        int stream = HostFixtures.streamInHeaderCallback(host, Headers.empty());

        host.setProperty(List.of("clear_route_cache"), bytes("off"));
        host.exitCallback();
        host.enterCallback(HostEmulator.ROOT_CONTEXT_ID);

        assertThat(host.streams.stream(stream).properties.get(List.of("clear_route_cache"))).isEqualTo(bytes("off"));
        assertThat(host.property(List.of("clear_route_cache"))).isNull();
    }

    @Test
    void refusesToSwitchToAContextThatDoesNotExist() {
        int stream = HostFixtures.streamInHeaderCallback(host, Headers.empty());
        host.deleteContext(stream);

        assertThat(HostFixtures.statusOf(() -> host.setEffectiveContext(stream))).isEqualTo(HostStatus.BAD_ARGUMENT);
        assertThat(HostFixtures.statusOf(() -> host.setEffectiveContext(99))).isEqualTo(HostStatus.BAD_ARGUMENT);
        assertThat(HostFixtures.statusOf(() -> host.setEffectiveContext(HostEmulator.ROOT_CONTEXT_ID))).isEqualTo(HostStatus.OK);
        assertThat(host.effectiveContextSwitches()).containsExactly(stream, 99, HostEmulator.ROOT_CONTEXT_ID);
    }

    @Test
    void comparesAndSwapsSharedData() {
        host.setSharedData("k", bytes("v1"), 0);
        int cas = host.sharedData("k").cas();

        assertThat(HostFixtures.statusOf(() -> host.setSharedData("k", bytes("v2"), cas + 1))).isEqualTo(HostStatus.CAS_MISMATCH);
        host.setSharedData("k", bytes("v2"), cas);

        assertThat(host.sharedData("k").value()).isEqualTo(bytes("v2"));
        assertThat(host.sharedData("k").cas()).isGreaterThan(cas);
        assertThat(host.sharedData("absent")).isNull();
    }

    @Test
    void givesMetricIdsWithTheTypeInTheLowBits() {
        int counter = host.defineMetric(MetricType.COUNTER, "requests");
        int gauge = host.defineMetric(MetricType.GAUGE, "inflight");
        int histogram = host.defineMetric(MetricType.HISTOGRAM, "latency");

        assertThat(List.of(counter & 3, gauge & 3, histogram & 3)).containsExactly(0, 1, 2);
        host.incrementMetric(counter, 2);
        host.recordMetric(counter, 3);
        host.incrementMetric(gauge, 5);
        host.incrementMetric(gauge, -2);
        host.recordMetric(histogram, 40);
        host.recordMetric(histogram, 50);

        assertThat(host.metric(counter)).isEqualTo(5);
        assertThat(host.metricValue("inflight")).isEqualTo(3);
        assertThat(host.histogramValues("latency")).containsExactly(40L, 50L);
        assertThat(HostFixtures.statusOf(() -> host.incrementMetric(counter, -1))).isEqualTo(HostStatus.BAD_ARGUMENT);
        assertThat(HostFixtures.statusOf(() -> host.metric(histogram))).isEqualTo(HostStatus.BAD_ARGUMENT);
        assertThat(HostFixtures.statusOf(() -> host.metric(400))).isEqualTo(HostStatus.NOT_FOUND);
    }

    @Test
    void dropsLogMessagesBelowTheLogLevel() {
        host.setLogLevel(LogLevel.WARN);

        host.log(LogLevel.INFO, "quiet");
        host.log(LogLevel.ERROR, "loud");

        assertThat(host.logs()).containsExactly(new LogRecord(LogLevel.ERROR, "loud"));
    }

    @Test
    void startsTheClockAtAFixedInstantAndMovesItOnlyWhenTold() {
        assertThat(host.now()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(host.currentTimeNanos()).isEqualTo(1_704_067_200_000_000_000L);

        host.advanceTime(1500);

        assertThat(host.now()).isEqualTo(Instant.parse("2024-01-01T00:00:01.500Z"));
        assertThatThrownBy(() -> host.advanceTime(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void answersTheGetLogLevelForeignFunctionLikeHigress() {
        host.setLogLevel(LogLevel.INFO);

        assertThat(host.callForeignFunction("get_log_level", new byte[0])).isEqualTo(new byte[] {2, 0, 0, 0});
        assertThat(host.callForeignFunction("unknown", new byte[0])).isNull();
    }

    @Test
    void recordsUnmodelledCallsAsProblems() {
        host.createRootContext();
        host.enterCallback(HostEmulator.ROOT_CONTEXT_ID);

        assertThat(HostFixtures.statusOf(() -> host.buffer(BufferType.GRPC_RECEIVE_BUFFER, 0, 1)))
                .isEqualTo(HostStatus.UNIMPLEMENTED);
        assertThat(HostFixtures.statusOf(() -> host.continueStream(StreamType.UPSTREAM)))
                .isEqualTo(HostStatus.UNIMPLEMENTED);

        assertThat(host.problems()).containsExactly(
                "proxy_get_buffer_bytes: buffer type GRPC_RECEIVE_BUFFER is not modelled by this host",
                "proxy_continue_stream: stream type 3 (L4) is not modelled by this host");
    }
}
