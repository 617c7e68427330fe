package io.wasmjava.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.wasm.Parser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.roastedroot.proxywasm.LogLevel;
import io.roastedroot.proxywasm.StartException;
import io.roastedroot.proxywasm.WasmException;
import io.roastedroot.proxywasm.internal.Action;
import io.roastedroot.proxywasm.internal.ArrayProxyMap;
import io.roastedroot.proxywasm.internal.Handler;
import io.roastedroot.proxywasm.internal.HttpContext;
import io.roastedroot.proxywasm.internal.ProxyMap;
import io.roastedroot.proxywasm.internal.ProxyWasm;
import io.roastedroot.proxywasm.internal.RawHeaderPhases;
import io.roastedroot.proxywasm.internal.StreamType;
import io.roastedroot.proxywasm.internal.WasmResult;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The token plugin's main.wasm in an independent proxy-wasm host (io.roastedroot:proxy-wasm-java-host 0.0.5), with
 * its token fetch going over real HTTP to a JDK {@link HttpServer} on loopback.
 *
 * <p>That host performs no I/O for {@code proxy_http_call}: its {@code Handler.httpCall} returns a callout id and
 * the embedder answers later with {@code ProxyWasm.sendHttpCallResponse}. So the test is the proxy: it records the
 * call, makes the HTTP request itself (to the URI the cluster name maps to), and hands the real response back with
 * {@code :status} added (the host does not add it; java-host.md §2).
 *
 * <p>Header phases are run through {@link RawHeaderPhases}: the host's {@code callOnRequestHeaders} throws
 * {@code IllegalArgumentException("Unknown Action value: 4")} for the {@code StopAllIterationAndWatermark} our
 * plugin returns while the fetch is out, because its {@code Action} enum knows only 0 and 1 (java-host.md §8).
 * {@link #theHostsOwnHeaderPhaseRejectsStatus4ButThePluginStillFetchesAndResumes} pins that behaviour. Resumes are
 * observed as {@code setAction(REQUEST, CONTINUE)}, which is what the host makes of {@code proxy_continue_stream}.
 * Requests run one after another: the host tracks a single active context (java-host.md §6.2).
 */
class TokenPluginInteropWasmIT {
    private static final Path TOKEN_PLUGIN = RoastedrootHost.module("../token-plugin/target/main.wasm");
    private static final String TOKEN_CLUSTER = "outbound|80||token.static";
    private static final String SEED =
            "{\"serviceName\":\"token.static\",\"servicePort\":80,\"requestPath\":\"/token\",\"tokenHeader\":\"x-token\"}";
    private static final String JSON_SOURCE = "{\"serviceName\":\"token.static\",\"servicePort\":80,"
            + "\"requestPath\":\"/token\",\"tokenJsonPath\":\"data.access_token\",\"expiresInJsonPath\":\"data.expires_in\","
            + "\"injectHeader\":\"authorization\",\"injectFormat\":\"Bearer {token}\"}";
    private static final int CONTINUE = 0;
    private static final int STOP_ALL_ITERATION_AND_WATERMARK = 4;

    private TokenServer server;
    private LoopbackHost host;

    @BeforeEach
    void startTokenServer() throws IOException {
        server = TokenServer.start();
    }

    @AfterEach
    void stop() {
        if (host != null) {
            host.close();
        }
        server.close();
    }

    private LoopbackHost start(String config) throws StartException {
        host = LoopbackHost.start(TOKEN_PLUGIN, config, Map.of(TOKEN_CLUSTER, server.uri()));
        return host;
    }

    @Test
    void injectsATokenFetchedOverRealHttpAndResumesTheRequest() throws Exception {
        start(SEED);
        Exchange exchange = host.newRequest(":authority", "api.example", ":method", "GET", ":path", "/orders",
                "x-token", "spoofed");

        assertThat(exchange.requestHeaders(true)).isEqualTo(STOP_ALL_ITERATION_AND_WATERMARK);
        assertThat(host.calls).hasSize(1);
        Call call = host.calls.get(0);
        assertThat(call.upstream).isEqualTo(TOKEN_CLUSTER);
        assertThat(lines(call.headers)).containsExactly(":method: GET", ":path: /token", ":authority: token.static");
        assertThat(call.timeoutMillis).isEqualTo(500);
        assertThat(exchange.actions).as("still held while the fetch is out").isEmpty();

        host.forwardCalls();

        assertThat(server.requests).containsExactly("GET /token");
        assertThat(exchange.actions).containsExactly("REQUEST CONTINUE");
        assertThat(lines(exchange.requestHeaders)).containsExactly(
                ":authority: api.example", ":method: GET", ":path: /orders", "x-token: tok-real-1");
        assertThat(exchange.localStatus).isEqualTo(-1);
        assertThat(host.logs).contains("INFO [token-plugin] [nil] [nil] token fetched: 10 chars, not cached");
        exchange.close();
    }

    @Test
    void cachesTheFetchedTokenForLaterRequests() throws Exception {
        start(JSON_SOURCE);
        Exchange first = host.newRequest(":authority", "api.example", ":method", "GET", ":path", "/orders");
        assertThat(first.requestHeaders(true)).isEqualTo(STOP_ALL_ITERATION_AND_WATERMARK);
        host.forwardCalls();
        first.close();

        Exchange second = host.newRequest(":authority", "api.example", ":method", "GET", ":path", "/orders/2");
        int action = second.requestHeaders(true);
        second.close();

        assertThat(action).isEqualTo(CONTINUE);
        assertThat(host.calls).hasSize(1);
        assertThat(server.requests).containsExactly("GET /token");
        assertThat(lines(first.requestHeaders)).containsExactly(
                ":authority: api.example", ":method: GET", ":path: /orders", "authorization: Bearer tok-real-1");
        assertThat(lines(second.requestHeaders)).containsExactly(
                ":authority: api.example", ":method: GET", ":path: /orders/2", "authorization: Bearer tok-real-1");
        assertThat(second.actions).isEmpty();
        assertThat(host.logs).contains("INFO [token-plugin] [nil] [nil] token fetched: 10 chars, cached for 3600 s");
    }

    @Test
    void fetchesANewTokenAfterTheUpstreamAnswers401() throws Exception {
        start(JSON_SOURCE);
        Exchange rejected = host.newRequest(":authority", "api.example", ":method", "GET", ":path", "/orders");
        rejected.requestHeaders(true);
        host.forwardCalls();
        assertThat(rejected.responseHeaders(true, ":status", "401")).isEqualTo(CONTINUE);
        rejected.close();

        Exchange next = host.newRequest(":authority", "api.example", ":method", "GET", ":path", "/orders");
        assertThat(next.requestHeaders(true)).isEqualTo(STOP_ALL_ITERATION_AND_WATERMARK);
        host.forwardCalls();
        next.close();

        assertThat(server.requests).containsExactly("GET /token", "GET /token");
        assertThat(lines(next.requestHeaders)).containsExactly(
                ":authority: api.example", ":method: GET", ":path: /orders", "authorization: Bearer tok-real-2");
        assertThat(next.actions).containsExactly("REQUEST CONTINUE");
    }

    @Test
    void answersTheRequestItselfWhenTheRealTokenServiceFailsInDenyMode() throws Exception {
        start("{\"serviceName\":\"token.static\",\"servicePort\":80,\"requestPath\":\"/broken\","
                + "\"tokenHeader\":\"x-token\",\"failureMode\":\"deny\"}");
        Exchange exchange = host.newRequest(":authority", "api.example", ":method", "GET", ":path", "/orders");
        assertThat(exchange.requestHeaders(true)).isEqualTo(STOP_ALL_ITERATION_AND_WATERMARK);

        host.forwardCalls();
        exchange.close();

        assertThat(server.requests).containsExactly("GET /broken");
        assertThat(exchange.localStatus).isEqualTo(503);
        assertThat(exchange.localBodyText()).isEqualTo("token service unavailable");
        assertThat(exchange.actions).isEmpty();
        assertThat(host.logs).contains("WARN [token-plugin] [nil] [nil] token fetch failed: token service answered "
                + "503; no new fetch for 1000 ms");
    }

    @Test
    void continuesWithoutATokenWhenTheHostRefusesTheCall() throws Exception {
        host = LoopbackHost.start(TOKEN_PLUGIN, SEED, Map.of());
        Exchange exchange = host.newRequest(":authority", "api.example", ":method", "GET", ":path", "/orders",
                "x-token", "spoofed");

        int action = exchange.requestHeaders(true);
        exchange.close();

        assertThat(action).isEqualTo(CONTINUE);
        assertThat(host.calls).isEmpty();
        assertThat(server.requests).isEmpty();
        assertThat(lines(exchange.requestHeaders)).containsExactly(
                ":authority: api.example", ":method: GET", ":path: /orders");
        assertThat(host.logs).contains("WARN [token-plugin] [nil] [nil] token fetch failed: DISPATCH_REFUSED: "
                + "dispatch to cluster outbound|80||token.static refused: proxy_http_call: BAD_ARGUMENT; "
                + "no new fetch for 1000 ms");
    }

    @Test
    void theHostsOwnHeaderPhaseRejectsStatus4ButThePluginStillFetchesAndResumes() throws Exception {
        start(SEED);
        Exchange exchange = host.newRequest(":authority", "api.example", ":method", "GET", ":path", "/orders");

        assertThatThrownBy(() -> exchange.context.callOnRequestHeaders(true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown Action value: 4");
        assertThat(host.calls).hasSize(1);
        host.forwardCalls();
        exchange.close();

        assertThat(exchange.actions).containsExactly("REQUEST CONTINUE");
        assertThat(lines(exchange.requestHeaders)).containsExactly(
                ":authority: api.example", ":method: GET", ":path: /orders", "x-token: tok-real-1");
    }

    private static List<String> lines(ProxyMap map) {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, String> entry : map.entries()) {
            lines.add(entry.getKey() + ": " + entry.getValue());
        }
        return lines;
    }

    /** A token service on 127.0.0.1: {@code /token} issues tok-real-1, tok-real-2, ...; {@code /broken} is a 503. */
    static final class TokenServer implements AutoCloseable {
        final List<String> requests = new CopyOnWriteArrayList<>();
        private final AtomicInteger issued = new AtomicInteger();
        private final HttpServer http;

        private TokenServer(HttpServer http) {
            this.http = http;
        }

        static TokenServer start() throws IOException {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            TokenServer server = new TokenServer(http);
            http.createContext("/token", server::issueToken);
            http.createContext("/broken", exchange -> server.reply(exchange, 503, "text/plain", "maintenance"));
            http.start();
            return server;
        }

        private void issueToken(HttpExchange exchange) throws IOException {
            String token = "tok-real-" + issued.incrementAndGet();
            exchange.getResponseHeaders().add("X-Token", token);
            reply(exchange, 200, "application/json",
                    "{\"data\":{\"access_token\":\"" + token + "\",\"expires_in\":3600}}");
        }

        private void reply(HttpExchange exchange, int status, String contentType, String body) throws IOException {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }

    /** One {@code proxy_http_call} the plugin made. */
    static final class Call {
        final int id;
        final String upstream;
        final ArrayProxyMap headers;
        final byte[] body;
        final int timeoutMillis;

        Call(int id, String upstream, ProxyMap headers, byte[] body, int timeoutMillis) {
            this.id = id;
            this.upstream = upstream;
            this.headers = new ArrayProxyMap(headers);
            this.body = body == null ? new byte[0] : body.clone();
            this.timeoutMillis = timeoutMillis;
        }
    }

    /**
     * proxy-wasm-java-host's low-level {@link ProxyWasm} with handlers that record what the plugin does and route its
     * HTTP calls to real upstreams. The plugin's clock is pinned at 0 (the host's own clock is truncated to 32 bits;
     * java-host.md §4), which is enough for cached tokens to stay valid.
     */
    static final class LoopbackHost implements AutoCloseable {
        /** Headers the JDK client sets itself and refuses from callers. */
        private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect",
                "upgrade");

        final List<String> logs = new ArrayList<>();
        final List<Call> calls = new ArrayList<>();
        private final Deque<Call> outstanding = new ArrayDeque<>();
        private final Map<String, URI> upstreams;
        private final HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        private ProxyWasm proxyWasm;
        private int lastCallId;

        private LoopbackHost(Map<String, URI> upstreams) {
            this.upstreams = upstreams;
        }

        /** Instantiates and configures the module; throws {@link StartException} when configure fails. */
        static LoopbackHost start(Path wasm, String config, Map<String, URI> upstreams) throws StartException {
            LoopbackHost host = new LoopbackHost(upstreams);
            host.proxyWasm = ProxyWasm.builder().withPluginHandler(host.new Root(config)).build(Parser.parse(wasm));
            return host;
        }

        Exchange newRequest(String... headerNamesAndValues) {
            Exchange exchange = new Exchange(this, ProxyMap.of(headerNamesAndValues));
            exchange.context = proxyWasm.createHttpContext(exchange);
            return exchange;
        }

        int httpCall(String upstream, ProxyMap headers, byte[] body, int timeoutMillis) throws WasmException {
            if (!upstreams.containsKey(upstream)) {
                // What Envoy answers for a cluster it does not know.
                throw new WasmException(WasmResult.BAD_ARGUMENT);
            }
            Call call = new Call(++lastCallId, upstream, headers, body, timeoutMillis);
            calls.add(call);
            outstanding.add(call);
            return call.id;
        }

        /** Sends every outstanding call over HTTP, in order, and delivers each response to the plugin. */
        void forwardCalls() throws IOException, InterruptedException {
            while (!outstanding.isEmpty()) {
                forward(outstanding.removeFirst());
            }
        }

        private void forward(Call call) throws IOException, InterruptedException {
            URI target = upstreams.get(call.upstream).resolve(call.headers.get(":path"));
            HttpRequest.Builder request = HttpRequest.newBuilder(target)
                    .timeout(Duration.ofSeconds(10))
                    .method(call.headers.get(":method"), call.body.length == 0
                            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(call.body));
            for (Map.Entry<String, String> header : call.headers.entries()) {
                String name = header.getKey();
                if (!name.startsWith(":") && !RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                    request.header(name, header.getValue());
                }
            }
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            // Envoy hands the plugin HTTP/2-style headers: :status first, lower-case names.
            ArrayProxyMap headers = new ArrayProxyMap();
            headers.add(":status", Integer.toString(response.statusCode()));
            response.headers().map().forEach((name, values) -> {
                if (!name.startsWith(":")) {
                    values.forEach(value -> headers.add(name.toLowerCase(Locale.ROOT), value));
                }
            });
            proxyWasm.sendHttpCallResponse(call.id, headers, new ArrayProxyMap(), response.body());
        }

        @Override
        public void close() {
            proxyWasm.close();
        }

        private final class Root extends RoastedrootHost.RootHandler {
            Root(String config) {
                super(config, logs);
            }

            @Override
            public int getCurrentTimeNanoseconds() {
                return 0;
            }

            @Override
            public int httpCall(String upstream, ProxyMap headers, byte[] body, ProxyMap trailers, int timeout)
                    throws WasmException {
                return LoopbackHost.this.httpCall(upstream, headers, body, timeout);
            }
        }
    }

    /** One request through the plugin, and everything the plugin did to it. */
    static final class Exchange implements Handler {
        final ArrayProxyMap requestHeaders;
        ArrayProxyMap responseHeaders = new ArrayProxyMap();
        /** {@code setAction} calls, as "REQUEST CONTINUE": the host's view of {@code proxy_continue_stream}. */
        final List<String> actions = new ArrayList<>();
        int localStatus = -1;
        byte[] localBody;
        HttpContext context;
        private final LoopbackHost host;

        Exchange(LoopbackHost host, ProxyMap requestHeaders) {
            this.host = host;
            this.requestHeaders = new ArrayProxyMap(requestHeaders);
        }

        /** Runs {@code proxy_on_request_headers}; returns the plugin's raw header status. */
        int requestHeaders(boolean endOfStream) {
            return RawHeaderPhases.onRequestHeaders(context, endOfStream);
        }

        /** Sets the response headers and runs {@code proxy_on_response_headers}; returns the raw status. */
        int responseHeaders(boolean endOfStream, String... headerNamesAndValues) {
            responseHeaders = new ArrayProxyMap(ProxyMap.of(headerNamesAndValues));
            return RawHeaderPhases.onResponseHeaders(context, endOfStream);
        }

        String localBodyText() {
            return localBody == null ? null : new String(localBody, StandardCharsets.UTF_8);
        }

        /** Ends the stream: {@code proxy_on_done}, {@code proxy_on_log}, {@code proxy_on_delete}. */
        void close() {
            context.close();
        }

        @Override
        public ProxyMap getHttpRequestHeaders() {
            return requestHeaders;
        }

        @Override
        public ProxyMap getHttpResponseHeaders() {
            return responseHeaders;
        }

        @Override
        public WasmResult setAction(StreamType streamType, Action action) {
            actions.add(streamType + " " + action);
            return WasmResult.OK;
        }

        @Override
        public WasmResult sendHttpResponse(int status, byte[] details, byte[] body, ProxyMap headers,
                int grpcStatus) {
            localStatus = status;
            localBody = body;
            return WasmResult.OK;
        }

        @Override
        public int httpCall(String upstream, ProxyMap headers, byte[] body, ProxyMap trailers, int timeout)
                throws WasmException {
            return host.httpCall(upstream, headers, body, timeout);
        }

        @Override
        public void log(LogLevel level, String message) {
            host.logs.add(level + " " + message);
        }

        @Override
        public LogLevel getLogLevel() {
            return LogLevel.TRACE;
        }

        @Override
        public int getCurrentTimeNanoseconds() {
            return 0;
        }
    }
}
