package io.wasmjava.devserver;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import io.wasmjava.devserver.GatewayConfig.ClusterAddress;
import io.wasmjava.devserver.GatewayConfig.Limits;
import io.wasmjava.devserver.GatewayConfig.PluginSpec;
import io.wasmjava.devserver.GatewayConfig.Route;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the parts of an Envoy v3 static configuration ({@code envoy.yaml}, as in the Higress local-debugging setup)
 * that the devserver runs:
 *
 * <ul>
 *   <li>the first listener's {@code socket_address} (a {@code 0.0.0.0} address binds 127.0.0.1; {@code --listen}
 *       overrides);</li>
 *   <li>its HTTP connection manager's {@code http_filters}: each Wasm filter (named {@code envoy.filters.http.wasm},
 *       or typed {@code envoy.extensions.filters.http.wasm.v3.Wasm}, directly or in a {@code udpa TypedStruct}) gives
 *       a plugin: {@code config.vm_config.code.local.filename} and {@code config.configuration} (a
 *       {@code google.protobuf.StringValue} whose {@code value} is JSON or YAML); {@code vm_config.runtime} other
 *       than {@code envoy.wasm.runtime.v8} gets a warning (the gateway's engine runs every plugin); other filters are
 *       skipped, with a warning unless they are the router;</li>
 *   <li>{@code route_config.virtual_hosts}: domains, and routes matching {@code prefix}, {@code path} or
 *       {@code safe_regex}, to a {@code cluster} with an optional {@code timeout}, or a {@code direct_response};</li>
 *   <li>{@code clusters}: {@code load_assignment} endpoints (the first {@code socket_address}), or the older
 *       {@code hosts}; a {@code transport_socket} makes the cluster TLS.</li>
 * </ul>
 *
 * <p>Module paths are the container's ({@code /etc/envoy/main.wasm}). A path that does not exist is looked up in the
 * volumes of a {@code docker-compose.yaml} next to the file, then by its file name next to the file.
 */
final class EnvoyConfig {
    /** Envoy's name for V8 in {@code vm_config.runtime}: what the devserver runs by default. */
    private static final String V8_RUNTIME = "envoy.wasm.runtime.v8";

    private static final String WASM_TYPE = "envoy.extensions.filters.http.wasm.v3.Wasm";

    private final Path file;
    private final List<String> warnings = new ArrayList<>();

    private EnvoyConfig(Path file) {
        this.file = file;
    }

    /**
     * Parses {@code envoyYaml} into a builder the caller can still adjust (flags override the file).
     *
     * @throws IllegalArgumentException naming the file and the path of the first thing that cannot be read, or
     *     saying that the file is not UTF-8 or not YAML (with the place)
     * @throws java.io.UncheckedIOException naming the file if it cannot be read
     */
    static Parsed parse(Path envoyYaml) {
        EnvoyConfig parser = new EnvoyConfig(envoyYaml);
        JsonNode root;
        try {
            root = PluginConfigs.YAML.readTree(ConfigFiles.readUtf8(envoyYaml));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(envoyYaml + ": not valid YAML " + yamlProblem(e), e);
        }
        GatewayConfig.Builder builder = parser.read(root);
        return new Parsed(builder, List.copyOf(parser.warnings));
    }

    /** Where and what: SnakeYAML's problem and its mark when there is one (1-based), else Jackson's location. */
    static String yamlProblem(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException) {
            MarkedYAMLException yaml = (MarkedYAMLException) e.getCause();
            Mark mark = yaml.getProblemMark();
            String context = yaml.getContext() == null ? "" : " (" + yaml.getContext()
                    + (yaml.getContextMark() == null ? "" : " that starts at line " + (yaml.getContextMark().getLine() + 1))
                    + ")";
            return (mark == null ? "" : "(line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")")
                    + ": " + yaml.getProblem() + context;
        }
        JsonLocation where = e.getLocation();
        String message = e.getOriginalMessage() == null ? e.toString() : e.getOriginalMessage();
        return (where == null ? "" : "(line " + where.getLineNr() + ", column " + where.getColumnNr() + ")") + ": "
                + message.lines().findFirst().orElse(message).trim();
    }

    /** A parsed file: the builder and what was skipped. */
    record Parsed(GatewayConfig.Builder builder, List<String> warnings) {
    }

    private GatewayConfig.Builder read(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw error("", "the file is not a YAML mapping");
        }
        GatewayConfig.Builder builder = GatewayConfig.builder();
        JsonNode resources = required(root, "static_resources", "");
        for (Map.Entry<String, ClusterAddress> cluster : clusters(resources.path("clusters")).entrySet()) {
            builder.cluster(cluster.getKey(), cluster.getValue());
        }
        JsonNode listeners = resources.path("listeners");
        if (!listeners.isArray() || listeners.isEmpty()) {
            throw error("static_resources.listeners", "expected at least one listener");
        }
        if (listeners.size() > 1) {
            warnings.add("static_resources.listeners: only the first of " + listeners.size() + " listeners is served");
        }
        String listenerPath = "static_resources.listeners[0]";
        JsonNode listener = listeners.get(0);
        JsonNode socket = required(required(listener, "address", listenerPath), "socket_address",
                listenerPath + ".address");
        String address = socket.path("address").asText("127.0.0.1");
        if (address.equals("0.0.0.0") || address.equals("::") || address.isEmpty()) {
            address = "127.0.0.1";
        }
        builder.listen(new InetSocketAddress(address, socket.path("port_value").asInt(10000)));

        JsonNode manager = connectionManager(listener, listenerPath);
        String managerPath = listenerPath + ".filter_chains[0].filters[http_connection_manager].typed_config";
        builder.limits(limits(listener, listenerPath, manager, managerPath));
        JsonNode filters = manager.path("http_filters");
        for (int i = 0; i < filters.size(); i++) {
            PluginSpec plugin = plugin(filters.get(i), managerPath + ".http_filters[" + i + "]");
            if (plugin != null) {
                builder.plugin(plugin);
            }
        }
        if (manager.has("rds")) {
            throw error(managerPath + ".rds", "dynamic routes (RDS) are not supported; use route_config");
        }
        JsonNode hosts = required(manager, "route_config", managerPath).path("virtual_hosts");
        for (int v = 0; v < hosts.size(); v++) {
            JsonNode host = hosts.get(v);
            String hostPath = managerPath + ".route_config.virtual_hosts[" + v + "]";
            List<String> domains = new ArrayList<>();
            for (JsonNode domain : host.path("domains")) {
                domains.add(domain.asText());
            }
            if (domains.isEmpty()) {
                domains.add("*");
            }
            JsonNode routes = host.path("routes");
            for (int r = 0; r < routes.size(); r++) {
                builder.route(route(routes.get(r), domains, hostPath + ".routes[" + r + "]"));
            }
        }
        return builder;
    }

    /**
     * The listener limits the file sets, Envoy's field by field; the rest keep {@link Limits#DEFAULTS}. (An absent
     * {@code request_headers_timeout} keeps the devserver's 10 s, not Envoy's "disabled": see {@link Limits}.)
     */
    private Limits limits(JsonNode listener, String listenerPath, JsonNode manager, String managerPath) {
        Limits limits = Limits.DEFAULTS;
        JsonNode buffer = listener.path("per_connection_buffer_limit_bytes");
        if (!buffer.isMissingNode()) {
            limits = limits.withBufferLimitBytes(uint32(buffer, listenerPath + ".per_connection_buffer_limit_bytes", 1, Integer.MAX_VALUE));
        }
        JsonNode kb = manager.path("max_request_headers_kb");
        if (!kb.isMissingNode()) {
            limits = limits.withMaxRequestHeadersKb(uint32(kb, managerPath + ".max_request_headers_kb", 1, 8192));
        }
        JsonNode headersTimeout = manager.path("request_headers_timeout");
        if (!headersTimeout.isMissingNode()) {
            limits = limits.withRequestHeadersTimeout(durationAt(headersTimeout,
                    managerPath + ".request_headers_timeout"));
        }
        JsonNode streamIdle = manager.path("stream_idle_timeout");
        if (!streamIdle.isMissingNode()) {
            limits = limits.withStreamIdleTimeout(durationAt(streamIdle, managerPath + ".stream_idle_timeout"));
        }
        JsonNode common = manager.path("common_http_protocol_options");
        String commonPath = managerPath + ".common_http_protocol_options";
        if (!common.path("idle_timeout").isMissingNode()) {
            limits = limits.withIdleTimeout(durationAt(common.path("idle_timeout"), commonPath + ".idle_timeout"));
        }
        if (!common.path("max_headers_count").isMissingNode()) {
            limits = limits.withMaxHeadersCount(uint32(common.path("max_headers_count"),
                    commonPath + ".max_headers_count", 1, Integer.MAX_VALUE));
        }
        JsonNode http10 = manager.path("http_protocol_options").path("accept_http_10");
        if (!http10.isMissingNode()) {
            if (!http10.isBoolean()) {
                throw error(managerPath + ".http_protocol_options.accept_http_10", "expected true or false but was "
                        + http10);
            }
            limits = limits.withAcceptHttp10(http10.booleanValue());
        }
        return limits;
    }

    /** A {@code UInt32Value} in {@code [min, max]}: a number, a numeric string, or {@code {value: n}}. */
    private int uint32(JsonNode node, String path, int min, int max) {
        JsonNode value = node.isObject() && node.has("value") ? node.path("value") : node;
        long number = -1;
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            number = value.longValue();
        } else if (value.isTextual() && !value.asText().isEmpty() && value.asText().length() <= 10
                && value.asText().chars().allMatch(c -> c >= '0' && c <= '9')) {
            number = Long.parseLong(value.asText());
        }
        if (number < min || number > max) {
            throw error(path, "expected an integer from " + min + " to " + max + " but was " + value);
        }
        return (int) number;
    }

    private java.time.Duration durationAt(JsonNode node, String path) {
        if (!node.isTextual()) {
            throw error(path, "expected a duration such as 10s but was " + node);
        }
        try {
            return duration(node.asText(), path);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private JsonNode connectionManager(JsonNode listener, String listenerPath) {
        for (JsonNode chain : listener.path("filter_chains")) {
            for (JsonNode filter : chain.path("filters")) {
                String name = filter.path("name").asText();
                String type = filter.path("typed_config").path("@type").asText();
                if (name.equals("envoy.filters.network.http_connection_manager")
                        || name.equals("envoy.http_connection_manager") || type.endsWith("HttpConnectionManager")) {
                    return filter.path("typed_config");
                }
            }
        }
        throw error(listenerPath + ".filter_chains", "no envoy.filters.network.http_connection_manager filter");
    }

    private PluginSpec plugin(JsonNode filter, String path) {
        String name = filter.path("name").asText();
        JsonNode typed = filter.path("typed_config");
        String type = typed.path("@type").asText();
        JsonNode wasm;
        String wasmPath;
        if (type.endsWith(WASM_TYPE)) {
            wasm = typed;
            wasmPath = path + ".typed_config";
        } else if (type.endsWith("udpa.type.v1.TypedStruct") || type.endsWith("xds.type.v3.TypedStruct")) {
            if (!typed.path("type_url").asText().endsWith(WASM_TYPE)) {
                skip(name, path);
                return null;
            }
            wasm = typed.path("value");
            wasmPath = path + ".typed_config.value";
        } else if (name.equals("envoy.filters.http.wasm") && typed.has("config")) {
            wasm = typed;
            wasmPath = path + ".typed_config";
        } else {
            skip(name, path);
            return null;
        }
        JsonNode config = required(wasm, "config", wasmPath);
        String configPath = wasmPath + ".config";
        JsonNode code = required(required(config, "vm_config", configPath), "code", configPath + ".vm_config");
        JsonNode local = code.path("local");
        if (!local.has("filename")) {
            throw error(configPath + ".vm_config.code", "only code.local.filename is supported"
                    + (code.has("remote") ? " (remote code cannot be fetched here; download the module first)" : ""));
        }
        Path module = resolveModule(local.path("filename").asText(), configPath + ".vm_config.code.local.filename");
        String configuration = configuration(config.path("configuration"), configPath + ".configuration");
        String vmConfiguration = configuration(config.path("vm_config").path("configuration"),
                configPath + ".vm_config.configuration");
        String pluginName = config.path("name").asText(name.isEmpty() ? module.getFileName().toString() : name);
        String runtime = config.path("vm_config").path("runtime").asText("");
        if (!runtime.isEmpty() && !runtime.equals(V8_RUNTIME)) {
            warnings.add(configPath + ".vm_config.runtime: " + runtime + " is not available here; the plugin runs on "
                    + "the gateway's engine (--engine v8|chicory, default v8)");
        }
        return new PluginSpec(pluginName, module, configuration, vmConfiguration);
    }

    private void skip(String name, String path) {
        if (!name.equals("envoy.filters.http.router") && !name.equals("envoy.router")) {
            warnings.add(path + ": filter " + name + " is not a Wasm filter and is skipped");
        }
    }

    /** A {@code google.protobuf.StringValue} (or a plain string or mapping), as the plugin's JSON. */
    private String configuration(JsonNode node, String path) {
        if (node.isMissingNode() || node.isNull()) {
            return "";
        }
        JsonNode value = node.isObject() && node.has("@type") ? node.path("value") : node;
        String type = node.path("@type").asText("");
        if (!type.isEmpty() && !type.endsWith("google.protobuf.StringValue")) {
            throw error(path + ".@type", "expected type.googleapis.com/google.protobuf.StringValue but was " + type);
        }
        try {
            if (value.isTextual()) {
                return PluginConfigs.toJson(value.asText());
            }
            if (value.isObject()) {
                return PluginConfigs.toJson(value);
            }
            if (value.isMissingNode() || value.isNull()) {
                return "";
            }
        } catch (IllegalArgumentException e) {
            throw error(path + ".value", e.getMessage());
        }
        throw error(path, "expected a StringValue with a value string");
    }

    private Map<String, ClusterAddress> clusters(JsonNode clusters) {
        Map<String, ClusterAddress> result = new java.util.LinkedHashMap<>();
        for (int i = 0; i < clusters.size(); i++) {
            JsonNode cluster = clusters.get(i);
            String path = "static_resources.clusters[" + i + "]";
            String name = required(cluster, "name", path).asText();
            JsonNode socket = null;
            Iterator<JsonNode> endpoints = cluster.path("load_assignment").path("endpoints").elements();
            while (socket == null && endpoints.hasNext()) {
                for (JsonNode lb : endpoints.next().path("lb_endpoints")) {
                    JsonNode candidate = lb.path("endpoint").path("address").path("socket_address");
                    if (candidate.isObject()) {
                        socket = candidate;
                        break;
                    }
                }
            }
            if (socket == null) {
                for (JsonNode host : cluster.path("hosts")) {
                    if (host.path("socket_address").isObject()) {
                        socket = host.path("socket_address");
                        break;
                    }
                }
            }
            if (socket == null) {
                warnings.add(path + ": cluster " + name + " has no socket address and is skipped (give it one with "
                        + "--cluster " + name + "=host:port)");
                continue;
            }
            int port = socket.path("port_value").asInt(0);
            if (port <= 0) {
                throw error(path + ".load_assignment", "socket_address needs a port_value");
            }
            boolean tls = cluster.has("transport_socket");
            result.put(name, new ClusterAddress(socket.path("address").asText(), port, tls));
        }
        return result;
    }

    private Route route(JsonNode route, List<String> domains, String path) {
        JsonNode match = required(route, "match", path);
        String prefix = match.has("prefix") ? match.path("prefix").asText() : null;
        String exact = match.has("path") ? match.path("path").asText() : null;
        Pattern regex = null;
        if (match.has("safe_regex")) {
            try {
                regex = Pattern.compile(match.path("safe_regex").path("regex").asText());
            } catch (PatternSyntaxException e) {
                throw error(path + ".match.safe_regex.regex", e.getDescription());
            }
        }
        if (prefix == null && exact == null && regex == null) {
            throw error(path + ".match", "expected prefix, path or safe_regex");
        }
        String name = route.path("name").asText("");
        if (route.has("direct_response")) {
            JsonNode direct = route.path("direct_response");
            return new Route(name, domains, prefix, exact, regex, null, Duration.ZERO,
                    direct.path("status").asInt(200), direct.path("body").path("inline_string").asText(""));
        }
        JsonNode action = required(route, "route", path);
        String cluster = action.path("cluster").asText(null);
        if (cluster == null) {
            throw error(path + ".route", "only routes to a single cluster are supported");
        }
        Duration timeout = action.has("timeout") ? duration(action.path("timeout").asText(), path + ".route.timeout")
                : GatewayConfig.DEFAULT_ROUTE_TIMEOUT;
        return new Route(name, domains, prefix, exact, regex, cluster, timeout, 0, "");
    }

    /** A protobuf JSON duration ({@code 15s}, {@code 0.25s}); {@code ms} is accepted too. */
    static Duration duration(String text, String path) {
        try {
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2).trim()));
            }
            if (text.endsWith("s")) {
                double seconds = Double.parseDouble(text.substring(0, text.length() - 1).trim());
                return Duration.ofNanos(Math.round(seconds * 1e9));
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new IllegalArgumentException(path + ": expected a duration such as 15s or 0.25s but was \"" + text + "\"");
    }

    private Path resolveModule(String filename, String path) {
        Path direct = Path.of(filename);
        List<Path> tried = new ArrayList<>();
        Path base = file.toAbsolutePath().getParent();
        Path asGiven = direct.isAbsolute() ? direct : base.resolve(direct);
        tried.add(asGiven);
        if (Files.isRegularFile(asGiven)) {
            return asGiven.normalize();
        }
        for (String compose : List.of("docker-compose.yaml", "docker-compose.yml", "compose.yaml", "compose.yml")) {
            Path composeFile = base.resolve(compose);
            if (!Files.isRegularFile(composeFile)) {
                continue;
            }
            Path mapped = composeVolume(composeFile, filename);
            if (mapped != null) {
                tried.add(mapped);
                if (Files.isRegularFile(mapped)) {
                    return mapped.normalize();
                }
            }
        }
        Path byName = base.resolve(direct.getFileName());
        tried.add(byName);
        if (Files.isRegularFile(byName)) {
            return byName.normalize();
        }
        throw error(path, "module " + filename + " not found; tried " + tried);
    }

    /** The host path a compose service mounts at {@code containerPath}, or null. */
    private static Path composeVolume(Path composeFile, String containerPath) {
        JsonNode compose;
        try {
            compose = PluginConfigs.YAML.readTree(ConfigFiles.readUtf8(composeFile));
        } catch (IOException | RuntimeException e) {
            return null;
        }
        for (JsonNode service : compose.path("services")) {
            for (JsonNode volume : service.path("volumes")) {
                String source;
                String target;
                if (volume.isTextual()) {
                    String[] parts = volume.asText().split(":");
                    if (parts.length < 2) {
                        continue;
                    }
                    source = parts[0];
                    target = parts[1];
                } else {
                    source = volume.path("source").asText("");
                    target = volume.path("target").asText("");
                }
                if (target.equals(containerPath) && !source.isEmpty()) {
                    return composeFile.getParent().resolve(source).normalize();
                }
            }
        }
        return null;
    }

    private JsonNode required(JsonNode node, String field, String path) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            throw error(path.isEmpty() ? field : path + "." + field, "required but missing");
        }
        return value;
    }

    private IllegalArgumentException error(String path, String message) {
        return new IllegalArgumentException(file + ": " + (path.isEmpty() ? "" : path + ": ") + message);
    }
}
