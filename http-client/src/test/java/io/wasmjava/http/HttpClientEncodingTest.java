package io.wasmjava.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.wasmjava.cluster.Cluster;
import io.wasmjava.cluster.ClusterContext;
import io.wasmjava.cluster.RouteCluster;
import io.wasmjava.cluster.TargetCluster;
import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.host.PendingHttpCall;
import io.wasmjava.testkit.PluginHarness;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@link HttpClient} hands to {@code proxy_http_call}, following Higress's {@code HttpCall} (higress-sdk.md
 * §2.2), as the emulated host records it (it lower-cases header names, as Envoy does).
 */
class HttpClientEncodingTest {
    private static final TargetCluster TOKEN_SERVICE = TargetCluster.of("outbound|80||token.static", "token.static");

    private final List<PluginHarness> harnesses = new ArrayList<>();

    @AfterEach
    void closeHarnesses() {
        harnesses.forEach(PluginHarness::close);
    }

    /** Sends {@code request} to {@code cluster} from a request's header phase and returns what the host received. */
    private PendingHttpCall sendFromARequest(Cluster cluster, HttpRequest request) {
        PluginHarness harness = ClientPlugin.calling(cluster)
                .onRequestHeaders((http, client) -> {
                    client.send(request, new RecordingCallback());
                    return HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK;
                })
                .start();
        harnesses.add(harness);
        harness.newStream().requestHeaders(ClientPlugin.REQUEST, true);
        assertThat(harness.pendingHttpCalls()).hasSize(1);
        return harness.pendingHttpCalls().get(0);
    }

    /** A cluster with the given strings, including ones the real descriptors never return (an empty authority). */
    private record FakeCluster(String name, String authority) implements Cluster {
        @Override
        public String clusterName(ClusterContext context) {
            return name;
        }

        @Override
        public String authority(ClusterContext context) {
            return authority;
        }
    }

    static Stream<Arguments> encodings() {
        return Stream.of(
                arguments("pseudo-headers follow the caller's headers as :method, :path, :authority",
                        "/token", Headers.of("x-a", "1", "x-b", "2"), TOKEN_SERVICE,
                        "outbound|80||token.static",
                        Headers.of("x-a", "1", "x-b", "2",
                                ":method", "GET", ":path", "/token", ":authority", "token.static")),
                arguments("the caller's :method, :path and :authority are removed",
                        "/token", Headers.of(":method", "POST", ":path", "/evil", ":authority", "evil.example",
                                "x-a", "1"), TOKEN_SERVICE,
                        "outbound|80||token.static",
                        Headers.of("x-a", "1", ":method", "GET", ":path", "/token", ":authority", "token.static")),
                arguments("other pseudo-headers such as :scheme are kept",
                        "/token", Headers.of(":scheme", "https"), TOKEN_SERVICE,
                        "outbound|80||token.static",
                        Headers.of(":scheme", "https",
                                ":method", "GET", ":path", "/token", ":authority", "token.static")),
                arguments("an absolute URL's host and port become :authority",
                        "http://auth.example:8080/oauth/token", Headers.empty(), TOKEN_SERVICE,
                        "outbound|80||token.static",
                        Headers.of(":method", "GET", ":path", "/oauth/token", ":authority", "auth.example:8080")),
                arguments("an https URL without port gives just the host",
                        "https://auth.example/token", Headers.empty(), TOKEN_SERVICE,
                        "outbound|80||token.static",
                        Headers.of(":method", "GET", ":path", "/token", ":authority", "auth.example")),
                arguments("user info is not part of :authority",
                        "http://user:secret@auth.example:8080/token", Headers.empty(), TOKEN_SERVICE,
                        "outbound|80||token.static",
                        Headers.of(":method", "GET", ":path", "/token", ":authority", "auth.example:8080")),
                arguments("an IPv6 literal keeps its brackets and port",
                        "http://[::1]:8080/token", Headers.empty(), TOKEN_SERVICE,
                        "outbound|80||token.static",
                        Headers.of(":method", "GET", ":path", "/token", ":authority", "[::1]:8080")),
                arguments("a network-path reference has a host too",
                        "//auth.example/token", Headers.empty(), TOKEN_SERVICE,
                        "outbound|80||token.static",
                        Headers.of(":method", "GET", ":path", "/token", ":authority", "auth.example")),
                arguments("no URL host and no cluster authority gives unknownhost",
                        "/token", Headers.empty(), new FakeCluster("outbound|80||blank", ""),
                        "outbound|80||blank",
                        Headers.of(":method", "GET", ":path", "/token", ":authority", "unknownhost")),
                arguments("a null cluster authority gives unknownhost too",
                        "/token", Headers.empty(), new FakeCluster("outbound|80||blank", null),
                        "outbound|80||blank",
                        Headers.of(":method", "GET", ":path", "/token", ":authority", "unknownhost")),
                arguments("a route cluster uses the request's cluster_name and :authority",
                        "/retry", Headers.empty(), RouteCluster.create(),
                        "test-cluster-default",
                        Headers.of(":method", "GET", ":path", "/retry", ":authority", "example.com")),
                arguments("the path is percent-decoded: %7E becomes a tilde, %2F a slash (a decoded space or "
                                + "control character is refused when the request is built: HttpRequestTest)",
                        "/a%7Eb/c%2Fd", Headers.empty(), TOKEN_SERVICE,
                        "outbound|80||token.static",
                        Headers.of(":method", "GET", ":path", "/a~b/c/d", ":authority", "token.static")),
                arguments("decoded UTF-8 stays UTF-8",
                        "/caf%C3%A9", Headers.empty(), TOKEN_SERVICE,
                        "outbound|80||token.static",
                        Headers.of(":method", "GET", ":path", "/café", ":authority", "token.static")),
                arguments("the query is passed raw, still encoded",
                        "/search?q=a%20b&lang=en", Headers.empty(), TOKEN_SERVICE,
                        "outbound|80||token.static",
                        Headers.of(":method", "GET", ":path", "/search?q=a%20b&lang=en",
                                ":authority", "token.static")),
                arguments("an empty query is dropped with its ?",
                        "/token?", Headers.empty(), TOKEN_SERVICE,
                        "outbound|80||token.static",
                        Headers.of(":method", "GET", ":path", "/token", ":authority", "token.static")),
                arguments("the fragment is dropped after a query",
                        "/token?x=1#section", Headers.empty(), TOKEN_SERVICE,
                        "outbound|80||token.static",
                        Headers.of(":method", "GET", ":path", "/token?x=1", ":authority", "token.static")),
                arguments("the fragment is dropped without a query",
                        "/token#section", Headers.empty(), TOKEN_SERVICE,
                        "outbound|80||token.static",
                        Headers.of(":method", "GET", ":path", "/token", ":authority", "token.static")),
                arguments("a relative path gets a leading slash: post becomes /post",
                        "post", Headers.empty(), TOKEN_SERVICE,
                        "outbound|80||token.static",
                        Headers.of(":method", "GET", ":path", "/post", ":authority", "token.static")),
                arguments("a query alone gets the root path: ?a=1 becomes /?a=1",
                        "?a=1", Headers.empty(), TOKEN_SERVICE,
                        "outbound|80||token.static",
                        Headers.of(":method", "GET", ":path", "/?a=1", ":authority", "token.static")),
                arguments("an empty URL is the root path",
                        "", Headers.empty(), TOKEN_SERVICE,
                        "outbound|80||token.static",
                        Headers.of(":method", "GET", ":path", "/", ":authority", "token.static")),
                arguments("an absolute URL without a path is the root path",
                        "http://auth.example", Headers.empty(), TOKEN_SERVICE,
                        "outbound|80||token.static",
                        Headers.of(":method", "GET", ":path", "/", ":authority", "auth.example")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodings")
    void encodesTheCallAsHigressDoes(String rule, String url, Headers callerHeaders, Cluster cluster,
            String expectedCluster, Headers expectedHeaders) {
        HttpRequest request = HttpRequest.newBuilder().url(url).headers(callerHeaders).build();

        PendingHttpCall call = sendFromARequest(cluster, request);

        assertThat(call.cluster()).isEqualTo(expectedCluster);
        assertThat(call.headers()).isEqualTo(expectedHeaders);
        assertThat(call.trailers()).isEqualTo(Headers.empty());
        assertThat(call.body()).isEmpty();
    }

    static Stream<Arguments> methods() {
        byte[] body = "payload".getBytes(StandardCharsets.UTF_8);
        return Stream.of(
                arguments("GET", (UnaryOperator<HttpRequest.Builder>) HttpRequest.Builder::get, ""),
                arguments("HEAD", (UnaryOperator<HttpRequest.Builder>) HttpRequest.Builder::head, ""),
                arguments("OPTIONS", (UnaryOperator<HttpRequest.Builder>) HttpRequest.Builder::options, ""),
                arguments("POST", (UnaryOperator<HttpRequest.Builder>) b -> b.post(body), "payload"),
                arguments("PUT", (UnaryOperator<HttpRequest.Builder>) b -> b.put(body), "payload"),
                arguments("PATCH", (UnaryOperator<HttpRequest.Builder>) b -> b.patch(body), "payload"),
                arguments("DELETE", (UnaryOperator<HttpRequest.Builder>) HttpRequest.Builder::delete, ""),
                arguments("CONNECT", (UnaryOperator<HttpRequest.Builder>) b -> b.method("CONNECT", null), ""),
                arguments("TRACE", (UnaryOperator<HttpRequest.Builder>) b -> b.method("TRACE", null), ""),
                arguments("PURGE", (UnaryOperator<HttpRequest.Builder>) b -> b.method("PURGE", body), "payload"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void sendsAnyMethodWithItsBody(String method, UnaryOperator<HttpRequest.Builder> setMethod, String body) {
        HttpRequest request = setMethod.apply(HttpRequest.newBuilder().url("/resource")).build();

        PendingHttpCall call = sendFromARequest(TOKEN_SERVICE, request);

        assertThat(call.headers()).isEqualTo(
                Headers.of(":method", method, ":path", "/resource", ":authority", "token.static"));
        assertThat(call.bodyText()).isEqualTo(body);
    }

    @Test
    void usesA500MillisecondTimeoutByDefault() {
        PendingHttpCall call = sendFromARequest(TOKEN_SERVICE, HttpRequest.newBuilder().url("/token").build());

        assertThat(call.timeoutMillis()).isEqualTo(500);
    }

    @Test
    void passesTheRequestsOwnTimeout() {
        PendingHttpCall call = sendFromARequest(TOKEN_SERVICE,
                HttpRequest.newBuilder().url("/token").timeoutMillis(2500).build());

        assertThat(call.timeoutMillis()).isEqualTo(2500);
    }

    @Test
    void rejectsANullPluginOrCluster() {
        assertThatThrownBy(() -> HttpClient.create(null, TOKEN_SERVICE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("plugin and cluster must not be null");
    }
}
