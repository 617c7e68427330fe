package io.wasmjava.http;

import io.wasmjava.cluster.Cluster;
import io.wasmjava.cluster.ClusterContext;
import io.wasmjava.cluster.FixedCluster;
import io.wasmjava.core.Callouts;
import io.wasmjava.core.HeaderValidator;
import io.wasmjava.core.Headers;
import io.wasmjava.core.HttpContext;
import io.wasmjava.core.InvalidHeaderException;
import io.wasmjava.core.PayloadTooLargeException;
import io.wasmjava.core.PluginContext;
import io.wasmjava.core.Promise;
import io.wasmjava.core.host.HostStatusException;

/**
 * Sends HTTP calls to one Envoy cluster with {@code proxy_http_call}. Create it once, usually in the config parser,
 * and use it from any phase or tick. The encoding is Higress's {@code HttpCall}: caller headers, then
 * {@code :method}, {@code :path} (decoded path plus raw query, fragment dropped) and {@code :authority} (the URL's
 * host, else the cluster's authority, else {@code unknownhost}).
 *
 * <p>Calling does not pause anything: a header handler that must wait returns a stop status and resumes or answers
 * the request from the callback, or with {@link Promise#resumeOrReject}.
 *
 * <p>A call has two faces with one implementation: a callback ({@link #send}) and a {@link Promise} ({@link #call})
 * completed by that same callback, for chaining several calls without nesting. A client made by {@link #create} is
 * bound to the request being handled; its {@link #forPlugin()} twin makes calls that belong to the plugin.
 */
public final class HttpClient {
    private final PluginContext plugin;
    private final Cluster cluster;
    /**
     * The name of a {@link FixedCluster}, resolved once: it cannot change, the descriptors derive it on each call, and
     * the one String lets the host binding reuse its encoded bytes. Null for a cluster resolved per request.
     */
    private final String fixedClusterName;
    /** This client, or the request-bound client whose {@link #forPlugin()} client this is. */
    private final HttpClient requestBound;
    /** The plugin-owned client, made on first use. */
    private HttpClient pluginOwned;

    private HttpClient(PluginContext plugin, Cluster cluster, HttpClient requestBound) {
        this.plugin = plugin;
        this.cluster = cluster;
        this.fixedClusterName = cluster instanceof FixedCluster ? ((FixedCluster) cluster).clusterName() : null;
        this.requestBound = requestBound == null ? this : requestBound;
    }

    /**
     * @throws IllegalArgumentException if an argument is null
     */
    public static HttpClient create(PluginContext plugin, Cluster cluster) {
        if (plugin == null || cluster == null) {
            throw new IllegalArgumentException("plugin and cluster must not be null");
        }
        return new HttpClient(plugin, cluster, null);
    }

    public Cluster cluster() {
        return cluster;
    }

    /**
     * The same client, but its calls belong to the plugin rather than the current request: callbacks run, and
     * promises complete with their stages, even if the request that made the call has ended. For fetches shared by
     * many requests and for calls from ticks; act on particular requests through their {@link HttpContext}, and
     * {@link Promise#bindTo bind} each request's chain to that request. Always the same instance; its own
     * {@code forPlugin()} is itself.
     */
    public HttpClient forPlugin() {
        if (ownedByPlugin()) {
            return this;
        }
        if (pluginOwned == null) {
            pluginOwned = new HttpClient(plugin, cluster, this);
        }
        return pluginOwned;
    }

    /**
     * Dispatches {@code request}; {@code callback} gets exactly one outcome, or none if the calling request ends
     * first (unless this is a {@link #forPlugin()} client). A refused dispatch is reported to
     * {@code callback.onFailure} before this method returns.
     */
    public void send(HttpRequest request, HttpCallback callback) {
        dispatch(request, callback);
    }

    /**
     * {@link #send} as a {@link Promise}: succeeds with the response, whatever its status (404 and 503 included;
     * check {@link HttpResponse#isSuccessful()}), or fails with the {@link HttpCallException} that
     * {@link HttpCallback#onFailure} would get. A refused dispatch gives an already failed promise. The promise is
     * bound to the request being handled: if that request ends before the response arrives, nothing completes it
     * and its stages never run; a {@link #forPlugin()} client's promise is bound to no request.
     */
    public Promise<HttpResponse> call(HttpRequest request) {
        return ownedByPlugin() ? Promise.createForPlugin(plugin, completer -> send(request, completing(completer)))
                : Promise.create(plugin, completer -> send(request, completing(completer)));
    }

    private boolean ownedByPlugin() {
        return requestBound != this;
    }

    private static HttpCallback completing(Promise.Completer<HttpResponse> completer) {
        return new HttpCallback() {
            @Override
            public void onResponse(HttpResponse response) {
                completer.succeed(response);
            }

            @Override
            public void onFailure(HttpCallException failure) {
                completer.fail(failure);
            }
        };
    }

    private void dispatch(HttpRequest request, HttpCallback callback) {
        Callouts callouts = plugin.callouts();
        ClusterContext context = clusterContext(callouts.currentRequest());
        String clusterName;
        Headers headers;
        try {
            clusterName = fixedClusterName != null ? fixedClusterName : cluster.clusterName(context);
            headers = encodeHeaders(request, cluster.authority(context));
        } catch (IllegalStateException | InvalidHeaderException e) {
            callback.onFailure(new HttpCallException(HttpCallException.Kind.DISPATCH_REFUSED, e.getMessage(), e));
            return;
        }
        long startNanos = currentTimeNanos();
        try {
            Callouts.HttpCallHandler handler = new Callouts.HttpCallHandler() {
                @Override
                public void onHttpCallResponse(Headers responseHeaders, byte[] body, Headers trailers) {
                    deliver(request, startNanos, responseHeaders, body, callback);
                }

                @Override
                public void onHttpCallTooLarge(PayloadTooLargeException tooLarge) {
                    callback.onFailure(new HttpCallException(HttpCallException.Kind.RESPONSE_TOO_LARGE,
                            tooLarge.getMessage(), tooLarge));
                }
            };
            if (ownedByPlugin()) {
                callouts.dispatchHttpCallForPlugin(plugin.contextId(), clusterName, headers, request.bodyNoCopy(),
                        request.timeoutMillis(), handler);
            } else {
                callouts.dispatchHttpCall(clusterName, headers, request.bodyNoCopy(), request.timeoutMillis(),
                        handler);
            }
        } catch (HostStatusException e) {
            callback.onFailure(new HttpCallException(HttpCallException.Kind.DISPATCH_REFUSED,
                    "dispatch to cluster " + clusterName + " refused: " + e.getMessage(), e));
        }
    }

    static Headers encodeHeaders(HttpRequest request, String clusterAuthority) {
        Headers.Builder headers = new Headers.Builder();
        Headers given = request.headers();
        for (int i = 0; i < given.size(); i++) {
            String name = given.name(i);
            // Case-sensitive, as in Higress: the SDK supplies these three itself.
            if (!name.equals(":method") && !name.equals(":path") && !name.equals(":authority")) {
                headers.add(name, given.value(i));
            }
        }
        ParsedUrl url = request.parsedUrl();
        String authority = url.host().isEmpty() ? clusterAuthority : url.host();
        if (authority == null || authority.isEmpty()) {
            authority = "unknownhost";
        } else if (url.host().isEmpty()) {
            // The URL's host was checked when the request was built; a cluster's authority comes from configuration
            // or from the request being handled.
            HeaderValidator.checkAuthority(authority);
        }
        headers.add(":method", request.method());
        headers.add(":path", url.pseudoPath());
        headers.add(":authority", authority);
        return headers.build();
    }

    private void deliver(HttpRequest request, long startNanos, Headers headers, byte[] body, HttpCallback callback) {
        String status = headers.value(":status");
        if (status == null) {
            // Envoy's onHttpCallFailure calls back with no headers for resets and timeouts alike; the elapsed time
            // tells them apart.
            long elapsedMillis = (currentTimeNanos() - startNanos) / 1_000_000L;
            boolean timedOut = elapsedMillis >= request.timeoutMillis();
            callback.onFailure(new HttpCallException(
                    timedOut ? HttpCallException.Kind.TIMEOUT : HttpCallException.Kind.RESET,
                    timedOut ? "no response within " + request.timeoutMillis() + " ms"
                            : "call reset after " + elapsedMillis + " ms without a response"));
            return;
        }
        int code = parseStatus(status);
        if (code < 0) {
            callback.onFailure(new HttpCallException(HttpCallException.Kind.INVALID_RESPONSE,
                    "response has an invalid :status \"" + status + "\""));
            return;
        }
        callback.onResponse(new HttpResponse(code, headers, body));
    }

    private static int parseStatus(String status) {
        if (status.length() != 3) {
            return -1;
        }
        int code = 0;
        for (int i = 0; i < 3; i++) {
            char c = status.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            code = code * 10 + (c - '0');
        }
        return code >= 100 ? code : -1;
    }

    private long currentTimeNanos() {
        return plugin.currentTimeMillis() * 1_000_000L;
    }

    private static ClusterContext clusterContext(HttpContext http) {
        if (http == null) {
            return ClusterContext.NONE;
        }
        return new ClusterContext() {
            @Override
            public String routeClusterName() {
                return http.propertyString("cluster_name");
            }

            @Override
            public String requestAuthority() {
                String host = http.host();
                return host.isEmpty() ? null : host;
            }
        };
    }

    @Override
    public String toString() {
        return "HttpClient{" + cluster + (ownedByPlugin() ? ", for plugin}" : "}");
    }
}
