package io.wasmjava.devserver;

import io.wasmjava.core.LogLevel;
import io.wasmjava.host.WasmEngine;
import io.wasmjava.host.WasmExecution;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a {@link Gateway} runs: where it listens, the plugin chain (in request order, as Envoy's {@code http_filters}),
 * the routes to upstream clusters, the cluster addresses (for routes and for the plugins' own HTTP and Redis calls),
 * the number of workers, the engine their plugin VMs run on and the log level. Immutable; built with
 * {@link #builder()}, from flags by {@link Main}, or from an {@code envoy.yaml} by {@link EnvoyConfig}.
 *
 * @param listen the address to bind; port 0 picks a free one
 * @param plugins the plugin chain in request order
 * @param routes the routes, tried in order; the first match wins
 * @param clusters cluster name (an Envoy cluster name, a Higress name, or a service FQDN such as
 *     {@code token.static}) to address
 * @param workers how many workers (each with its own VM per plugin) serve requests
 * @param engine the engine every plugin VM runs on: {@link WasmExecution#V8} or Chicory's
 *     {@link WasmExecution#COMPILED}
 * @param logLevel the plugins' log level
 * @param limits what a client may send and how long it may take; {@link Limits#DEFAULTS} unless configured
 * @param admin where the admin listener ({@code /stats}, {@code /stats/prometheus}) listens; null (the default) runs
 *     none
 */
public record GatewayConfig(InetSocketAddress listen, List<PluginSpec> plugins, List<Route> routes,
        Map<String, ClusterAddress> clusters, int workers, WasmExecution engine, LogLevel logLevel, Limits limits,
        InetSocketAddress admin) {
    /** Envoy's default route timeout. */
    public static final Duration DEFAULT_ROUTE_TIMEOUT = Duration.ofSeconds(15);
    /** Envoy runs one worker per core; the devserver defaults to two Wasm VMs per plugin. */
    public static final int DEFAULT_WORKERS = 2;
    /**
     * The engine plugin VMs run on unless configured: V8, the engine Envoy and Higress run, chosen by measurement
     * (devserver/README.md, "Engines"). Where Javet's native library cannot load, an unconfigured gateway runs on
     * Chicory's compiler instead and says so in its log.
     */
    public static final WasmExecution DEFAULT_ENGINE = WasmExecution.V8;
    /** The cluster {@link Builder#upstream(URI)} defines. */
    public static final String UPSTREAM_CLUSTER = "upstream";

    /**
     * Copies the collections.
     *
     * @throws IllegalArgumentException if {@code workers} is not positive, or a route names a cluster that has no
     *     address
     */
    public GatewayConfig {
        Objects.requireNonNull(listen, "listen");
        plugins = List.copyOf(plugins);
        routes = List.copyOf(routes);
        clusters = Collections.unmodifiableMap(new LinkedHashMap<>(clusters));
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1 but was " + workers);
        }
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(logLevel, "logLevel");
        Objects.requireNonNull(limits, "limits");
        for (Route route : routes) {
            if (route.cluster() != null && !ClusterTable.of(clusters).knows(route.cluster())) {
                throw new IllegalArgumentException("route " + (route.name().isEmpty() ? "" : route.name() + " ")
                        + "sends to cluster " + route.cluster() + ", which has no address; define it in "
                        + "clusters or with --cluster " + route.cluster() + "=host:port");
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The bounds the listener puts on what a client controls, each named after the Envoy field it mirrors and
     * defaulting to Envoy's default unless said otherwise (devserver/README.md, "Limits and edge behaviour", gives
     * the source of each):
     *
     * @param maxRequestHeadersKb {@code http_connection_manager.max_request_headers_kb} (60): the request line and
     *     header lines together; more is 431
     * @param maxHeadersCount {@code common_http_protocol_options.max_headers_count} (100); more headers is 431
     * @param requestHeadersTimeout {@code http_connection_manager.request_headers_timeout}: from the first byte of a
     *     request until its header block is complete; then 408. Envoy disables it by default; the devserver waits
     *     10 s (zero disables it, as in Envoy)
     * @param streamIdleTimeout {@code http_connection_manager.stream_idle_timeout} (5 min): no bytes from the client
     *     while a request arrives, or no response while a plugin or the upstream holds it; then 408 (request
     *     incomplete) or 504 (request complete), {@code stream timeout}; zero disables it
     * @param idleTimeout {@code common_http_protocol_options.idle_timeout} (1 h): a connection with no request in
     *     progress is closed; zero disables it
     * @param bufferLimitBytes {@code listener.per_connection_buffer_limit_bytes} (1 MiB): the request body the
     *     plugins get is buffered, as by a buffering filter in Envoy; more is 413
     * @param acceptHttp10 {@code http_connection_manager.http_protocol_options.accept_http_10} (false): without it
     *     every request that is not HTTP/1.1 (HTTP/1.0, HTTP/0.9, HTTP/9.9) gets 426
     * @param maxConnections not an Envoy default (Envoy has no connection limit unless the overload manager sets
     *     {@code global_downstream_max_connections}): each connection holds a devserver thread, so connections past
     *     this many (1024) are closed as soon as they are accepted, as that overload setting does
     */
    public record Limits(int maxRequestHeadersKb, int maxHeadersCount, Duration requestHeadersTimeout,
            Duration streamIdleTimeout, Duration idleTimeout, int bufferLimitBytes, boolean acceptHttp10,
            int maxConnections) {
        /** Envoy's defaults, except the request headers timeout and the connection limit (see above). */
        public static final Limits DEFAULTS = new Limits(60, 100, Duration.ofSeconds(10), Duration.ofMinutes(5),
                Duration.ofHours(1), 1024 * 1024, false, 1024);

        /**
         * @throws IllegalArgumentException naming the first value out of range (Envoy's ranges: headers 1..8192 KiB,
         *     header count at least 1)
         */
        public Limits {
            if (maxRequestHeadersKb < 1 || maxRequestHeadersKb > 8192) {
                throw new IllegalArgumentException("max_request_headers_kb must be 1..8192 but was "
                        + maxRequestHeadersKb);
            }
            if (maxHeadersCount < 1) {
                throw new IllegalArgumentException("max_headers_count must be at least 1 but was " + maxHeadersCount);
            }
            requireNotNegative(requestHeadersTimeout, "request_headers_timeout");
            requireNotNegative(streamIdleTimeout, "stream_idle_timeout");
            requireNotNegative(idleTimeout, "idle_timeout");
            if (bufferLimitBytes < 1) {
                throw new IllegalArgumentException("per_connection_buffer_limit_bytes must be positive but was "
                        + bufferLimitBytes);
            }
            if (maxConnections < 1) {
                throw new IllegalArgumentException("max connections must be at least 1 but was " + maxConnections);
            }
        }

        private static void requireNotNegative(Duration duration, String name) {
            Objects.requireNonNull(duration, name);
            if (duration.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative but was " + duration);
            }
        }

        public Limits withMaxRequestHeadersKb(int kib) {
            return new Limits(kib, maxHeadersCount, requestHeadersTimeout, streamIdleTimeout, idleTimeout,
                    bufferLimitBytes, acceptHttp10, maxConnections);
        }

        public Limits withMaxHeadersCount(int count) {
            return new Limits(maxRequestHeadersKb, count, requestHeadersTimeout, streamIdleTimeout, idleTimeout,
                    bufferLimitBytes, acceptHttp10, maxConnections);
        }

        public Limits withRequestHeadersTimeout(Duration timeout) {
            return new Limits(maxRequestHeadersKb, maxHeadersCount, timeout, streamIdleTimeout, idleTimeout,
                    bufferLimitBytes, acceptHttp10, maxConnections);
        }

        public Limits withStreamIdleTimeout(Duration timeout) {
            return new Limits(maxRequestHeadersKb, maxHeadersCount, requestHeadersTimeout, timeout, idleTimeout,
                    bufferLimitBytes, acceptHttp10, maxConnections);
        }

        public Limits withIdleTimeout(Duration timeout) {
            return new Limits(maxRequestHeadersKb, maxHeadersCount, requestHeadersTimeout, streamIdleTimeout, timeout,
                    bufferLimitBytes, acceptHttp10, maxConnections);
        }

        public Limits withBufferLimitBytes(int bytes) {
            return new Limits(maxRequestHeadersKb, maxHeadersCount, requestHeadersTimeout, streamIdleTimeout,
                    idleTimeout, bytes, acceptHttp10, maxConnections);
        }

        public Limits withAcceptHttp10(boolean accept) {
            return new Limits(maxRequestHeadersKb, maxHeadersCount, requestHeadersTimeout, streamIdleTimeout,
                    idleTimeout, bufferLimitBytes, accept, maxConnections);
        }

        public Limits withMaxConnections(int connections) {
            return new Limits(maxRequestHeadersKb, maxHeadersCount, requestHeadersTimeout, streamIdleTimeout,
                    idleTimeout, bufferLimitBytes, acceptHttp10, connections);
        }
    }

    /**
     * One plugin in the chain: a name for logs, the module, the plugin configuration as the plugin reads it (JSON, or
     * empty) and the VM configuration (usually empty).
     */
    public record PluginSpec(String name, Path wasm, String configuration, String vmConfiguration) {
        public PluginSpec {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(wasm, "wasm");
            Objects.requireNonNull(configuration, "configuration");
            Objects.requireNonNull(vmConfiguration, "vmConfiguration");
        }
    }

    /** A host and port to connect to; {@code tls} for clusters with a TLS transport socket. */
    public record ClusterAddress(String host, int port, boolean tls) {
        public ClusterAddress {
            Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535 but was " + port);
            }
        }

        /**
         * Parses {@code host:port} (IPv6 as {@code [::1]:port}).
         *
         * @throws IllegalArgumentException if it is not of that form
         */
        public static ClusterAddress parse(String hostPort) {
            InetSocketAddress address = parseSocketAddress(hostPort);
            if (address.getPort() == 0) {
                throw new IllegalArgumentException("port must be 1..65535 in \"" + hostPort + "\"");
            }
            return new ClusterAddress(address.getHostString(), address.getPort(), false);
        }

        /**
         * Parses a listen address {@code host:port}; port 0 means any free port.
         *
         * @throws IllegalArgumentException if it is not of that form
         */
        public static InetSocketAddress parseSocketAddress(String hostPort) {
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0 || colon == hostPort.length() - 1) {
                throw new IllegalArgumentException("expected host:port but was \"" + hostPort + "\"");
            }
            String host = hostPort.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected host:port but was \"" + hostPort + "\"");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535 in \"" + hostPort + "\"");
            }
            return InetSocketAddress.createUnresolved(host, port);
        }

        String authority() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }

        @Override
        public String toString() {
            return (tls ? "https://" : "") + authority();
        }
    }

    /**
     * One route: which requests it takes (virtual-host domains, then a path prefix, an exact path or a regex, as
     * Envoy's {@code match}) and what it does: forward to {@code cluster} with {@code timeout} (zero: none), or
     * answer with a direct response when {@code directStatus} is positive.
     */
    public record Route(String name, List<String> domains, String prefix, String path, Pattern regex, String cluster,
            Duration timeout, int directStatus, String directBody) {
        public Route {
            Objects.requireNonNull(name, "name");
            domains = List.copyOf(domains);
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(directBody, "directBody");
            if (cluster == null && directStatus <= 0) {
                throw new IllegalArgumentException("route " + name + " needs a cluster or a direct response");
            }
        }

        /** A route that sends every request to {@code cluster}. */
        public static Route catchAll(String cluster, Duration timeout) {
            return new Route("", List.of("*"), "/", null, null, cluster, timeout, 0, "");
        }

        boolean matches(String authority, String requestPath) {
            if (!matchesDomain(authority)) {
                return false;
            }
            String pathOnly = requestPath;
            int question = pathOnly.indexOf('?');
            if (question >= 0) {
                pathOnly = pathOnly.substring(0, question);
            }
            if (path != null) {
                return pathOnly.equals(path);
            }
            if (regex != null) {
                return regex.matcher(pathOnly).matches();
            }
            return prefix == null || pathOnly.startsWith(prefix);
        }

        private boolean matchesDomain(String authority) {
            String host = authority == null ? "" : authority.toLowerCase(Locale.ROOT);
            int colon = host.lastIndexOf(':');
            String withoutPort = colon > 0 && host.indexOf(']') < colon ? host.substring(0, colon) : host;
            for (String domain : domains) {
                String d = domain.toLowerCase(Locale.ROOT);
                if (d.equals("*") || d.equals(host) || d.equals(withoutPort)
                        || (d.startsWith("*") && (host.endsWith(d.substring(1)) || withoutPort.endsWith(d.substring(1))))
                        || (d.endsWith("*") && host.startsWith(d.substring(0, d.length() - 1)))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Builds a {@link GatewayConfig}; every setting has a default except what the gateway should run. */
    public static final class Builder {
        private InetSocketAddress listen = new InetSocketAddress("127.0.0.1", 10000);
        private final List<PluginSpec> plugins = new ArrayList<>();
        private final List<Route> routes = new ArrayList<>();
        private final Map<String, ClusterAddress> clusters = new LinkedHashMap<>();
        private int workers = DEFAULT_WORKERS;
        private WasmExecution engine;
        private LogLevel logLevel = LogLevel.INFO;
        private Limits limits = Limits.DEFAULTS;
        private InetSocketAddress admin;

        private Builder() {
        }

        /**
         * Runs the admin listener ({@code /stats}, {@code /stats/prometheus}) on {@code address} (port 0: any free
         * port); null, the default, runs none.
         */
        public Builder admin(InetSocketAddress address) {
            this.admin = address;
            return this;
        }

        /** Replaces the listener's limits ({@link Limits#DEFAULTS} unless set). */
        public Builder limits(Limits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** The limits set so far, to adjust one of them. */
        public Limits limits() {
            return limits;
        }

        /** Where to listen; 127.0.0.1:10000 by default (port 0: any free port). */
        public Builder listen(InetSocketAddress address) {
            this.listen = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * Appends a plugin to the chain, with its configuration: JSON (passed as is), YAML (converted to JSON, as the
         * Higress console does), or empty for none.
         *
         * @throws IllegalArgumentException if the configuration is neither JSON nor a YAML mapping
         */
        public Builder plugin(Path wasm, String configuration) {
            String configurationJson = PluginConfigs.toJson(configuration);
            String file = wasm.getFileName().toString();
            Path parent = wasm.toAbsolutePath().normalize().getParent();
            // target/main.wasm says little; the module directory names the plugin.
            String name = file.equals("main.wasm") && parent != null && parent.getFileName() != null
                    && parent.getFileName().toString().equals("target") && parent.getParent() != null
                    ? parent.getParent().getFileName().toString() : file.replaceFirst("\\.wasm$", "");
            return plugin(new PluginSpec(name, wasm, configurationJson, ""));
        }

        public Builder plugin(PluginSpec plugin) {
            plugins.add(Objects.requireNonNull(plugin, "plugin"));
            return this;
        }

        public Builder route(Route route) {
            routes.add(Objects.requireNonNull(route, "route"));
            return this;
        }

        /**
         * Sends every request (that no earlier route took) to {@code upstream}, an {@code http://host:port} or
         * {@code https://host:port} URL, as cluster {@value GatewayConfig#UPSTREAM_CLUSTER} with Envoy's default
         * route timeout.
         *
         * @throws IllegalArgumentException if the URL has no host or an unsupported scheme
         */
        public Builder upstream(URI upstream) {
            String scheme = upstream.getScheme() == null ? "" : upstream.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("--upstream must be an http:// or https:// URL but was " + upstream);
            }
            if (upstream.getHost() == null) {
                throw new IllegalArgumentException("--upstream has no host: " + upstream);
            }
            boolean tls = scheme.equals("https");
            int port = upstream.getPort() > 0 ? upstream.getPort() : tls ? 443 : 80;
            clusters.put(UPSTREAM_CLUSTER, new ClusterAddress(upstream.getHost(), port, tls));
            return route(Route.catchAll(UPSTREAM_CLUSTER, DEFAULT_ROUTE_TIMEOUT));
        }

        /** Defines (or replaces) a cluster's address. */
        public Builder cluster(String name, ClusterAddress address) {
            clusters.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(address, "address"));
            return this;
        }

        /** {@link #cluster(String, ClusterAddress)} for a plain-TCP {@code host:port}. */
        public Builder cluster(String name, String host, int port) {
            return cluster(name, new ClusterAddress(host, port, false));
        }

        /** How many workers; {@link #build()} rejects fewer than 1. */
        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        /**
         * The engine plugin VMs run on: {@link WasmExecution#V8} or Chicory's {@link WasmExecution#COMPILED}; unset,
         * {@link #DEFAULT_ENGINE} where it can run, else Chicory's.
         */
        public Builder engine(WasmExecution engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
            return this;
        }

        public Builder logLevel(LogLevel level) {
            this.logLevel = Objects.requireNonNull(level, "level");
            return this;
        }

        /**
         * @throws IllegalArgumentException if {@code workers} is not positive, or a route names a cluster that has no
         *     address
         */
        public GatewayConfig build() {
            WasmExecution chosen = engine != null ? engine
                    : WasmEngine.unavailable(DEFAULT_ENGINE).isEmpty() ? DEFAULT_ENGINE : WasmExecution.COMPILED;
            return new GatewayConfig(listen, plugins, routes, clusters, workers, chosen, logLevel, limits, admin);
        }
    }
}
