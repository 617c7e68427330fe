package io.wasmjava.token;

import io.wasmjava.cluster.Cluster;
import io.wasmjava.cluster.ClusterContext;
import io.wasmjava.cluster.Clusters;
import io.wasmjava.cluster.TargetCluster;
import io.wasmjava.core.HeaderValidator;
import io.wasmjava.core.InvalidHeaderException;
import io.wasmjava.core.PluginContext;
import io.wasmjava.core.config.ConfigNode;
import io.wasmjava.http.HttpClient;
import io.wasmjava.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The token plugin's configuration (JSON; consoles may show YAML). Higress's {@code http-call} example configuration
 * ({@code serviceName}, {@code servicePort}, {@code requestPath}, {@code tokenHeader}) works unchanged; every other
 * field is optional. See the README for the full table.
 *
 * <p>Everything that ends up in a header is checked here with the SDK's {@link HeaderValidator}, so a bad field fails
 * the configuration with its path instead of failing each request: header names ({@code tokenHeader},
 * {@code injectHeader}, {@code bodyHeader}, the keys of {@code requestHeaders}) must be tokens and not
 * pseudo-headers; {@code injectFormat} and the values of {@code requestHeaders} must be valid header values;
 * {@code requestPath} must give a valid {@code :path} and {@code :authority}; {@code authority} (or the cluster name
 * that stands in for it) must be a valid {@code :authority} with a port up to 65535.
 */
final class TokenConfig {
    enum FailureMode {
        ALLOW,
        DENY
    }

    private static final List<String> KNOWN_KEYS = Arrays.asList("serviceName", "servicePort", "cluster",
            "authority", "requestMethod", "requestPath", "requestHeaders", "requestBody", "timeoutMillis",
            "tokenHeader", "tokenJsonPath", "injectHeader", "injectFormat", "injectMode", "stripClientHeader",
            "cacheTtlSeconds", "expiresInJsonPath", "refreshAheadSeconds", "failureMode", "failureStatus",
            "failureBody", "invalidateOn401", "bodyHeader",
            // Accepted for compatibility with the seed example's schema; the service name already says all of it.
            "serviceSource", "namespace", "domain",
            // Per-rule matching keys are read by the SDK.
            "_match_route_", "_match_domain_", "_match_service_", "_match_route_prefix_", "_rules_");
    static final String TOKEN_PLACEHOLDER = "{token}";

    final HttpClient client;
    final HttpRequest request;
    final String tokenHeader;
    final JsonPath tokenJsonPath;
    final String injectHeader;
    final String injectPrefix;
    final String injectSuffix;
    /** The last token {@link #injectedValue} formatted, and the header value it gave. */
    private String lastToken;
    private String lastInjectedValue;
    final boolean overwrite;
    final boolean stripClientHeader;
    final long cacheTtlSeconds;
    final JsonPath expiresInJsonPath;
    final long refreshAheadSeconds;
    final FailureMode failureMode;
    final int failureStatus;
    final String failureBody;
    final boolean invalidateOn401;
    final String bodyHeader;
    final TokenCache cache;

    private TokenConfig(ConfigNode json, PluginContext plugin) {
        for (String key : json.keys()) {
            if (!KNOWN_KEYS.contains(key)) {
                throw json.error(key, "unknown field");
            }
        }
        Cluster cluster = cluster(json);
        this.client = HttpClient.create(plugin, cluster);
        this.request = request(json);
        boolean hasHeader = json.has("tokenHeader") && !json.isNull("tokenHeader");
        boolean hasJsonPath = json.has("tokenJsonPath") && !json.isNull("tokenJsonPath");
        if (hasHeader == hasJsonPath) {
            throw json.error("exactly one of tokenHeader, tokenJsonPath must be set");
        }
        this.tokenHeader = hasHeader ? headerName(json, "tokenHeader") : null;
        this.tokenJsonPath = hasJsonPath ? jsonPath(json, "tokenJsonPath") : null;
        this.injectHeader = json.has("injectHeader") ? headerName(json, "injectHeader")
                : hasHeader ? tokenHeader : "Authorization";
        String format = json.string("injectFormat", TOKEN_PLACEHOLDER);
        int placeholder = format.indexOf(TOKEN_PLACEHOLDER);
        try {
            HeaderValidator.checkValue(injectHeader, format);
        } catch (InvalidHeaderException e) {
            // The format may hold a fixed credential around the token: the message gives only the position.
            throw json.error("injectFormat", e.getMessage());
        }
        if (placeholder < 0) {
            throw json.error("injectFormat", "must contain " + TOKEN_PLACEHOLDER + " but was \"" + format + "\"");
        }
        this.injectPrefix = format.substring(0, placeholder);
        this.injectSuffix = format.substring(placeholder + TOKEN_PLACEHOLDER.length());
        String mode = json.string("injectMode", "overwrite");
        if (!mode.equals("overwrite") && !mode.equals("append")) {
            throw json.error("injectMode", "must be \"overwrite\" or \"append\" but was \"" + mode + "\"");
        }
        this.overwrite = mode.equals("overwrite");
        this.stripClientHeader = json.bool("stripClientHeader", true);
        this.cacheTtlSeconds = json.integer("cacheTtlSeconds", 0, 0, (int) TokenCache.MAX_LIFETIME_SECONDS);
        this.expiresInJsonPath = json.has("expiresInJsonPath") && !json.isNull("expiresInJsonPath")
                ? jsonPath(json, "expiresInJsonPath") : null;
        this.refreshAheadSeconds = json.integer("refreshAheadSeconds", 30, 0, Integer.MAX_VALUE);
        String failure = json.string("failureMode", "allow");
        if (!failure.equals("allow") && !failure.equals("deny")) {
            throw json.error("failureMode", "must be \"allow\" or \"deny\" but was \"" + failure + "\"");
        }
        this.failureMode = failure.equals("allow") ? FailureMode.ALLOW : FailureMode.DENY;
        this.failureStatus = json.integer("failureStatus", 503, 200, 599);
        this.failureBody = json.string("failureBody", "token service unavailable");
        this.invalidateOn401 = json.bool("invalidateOn401", true);
        // Higress's example copies the whole token response body into this header; kept for configs written for it.
        this.bodyHeader = json.has("bodyHeader") && !json.isNull("bodyHeader") ? headerName(json, "bodyHeader") : null;
        this.cache = new TokenCache(this);
    }

    static TokenConfig parse(ConfigNode json, PluginContext plugin) {
        return new TokenConfig(json, plugin);
    }

    String injectedValue(String token) {
        // The same token goes into every request until it is refreshed: format it once (a VM is single-threaded).
        if (token != lastToken) {
            lastInjectedValue = injectPrefix + token + injectSuffix;
            lastToken = token;
        }
        return lastInjectedValue;
    }

    private static Cluster cluster(ConfigNode json) {
        if (json.has("cluster")) {
            if (json.has("serviceName")) {
                throw json.error("cluster", "set either cluster or serviceName, not both");
            }
            String cluster = nonEmpty(json, "cluster");
            // Without an authority the cluster name stands in for it, so it must be a valid one.
            String authority = json.has("authority") ? authority(json) : checkedAuthority(json, "cluster", cluster);
            return TargetCluster.of(cluster, authority);
        }
        if (!json.has("serviceName")) {
            throw json.error("serviceName", "required but missing (or set cluster)");
        }
        String serviceName = nonEmpty(json, "serviceName");
        int servicePort = json.integer("servicePort", 0, 0, 65535);
        Cluster cluster;
        try {
            cluster = Clusters.fromService(serviceName, servicePort);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            String field = message.startsWith("servicePort") ? "servicePort" : "serviceName";
            throw json.error(field, message.substring(message.indexOf(':') + 1).trim());
        }
        if (json.has("authority")) {
            return TargetCluster.of(cluster.clusterName(ClusterContext.NONE), authority(json));
        }
        String derived = cluster.authority(ClusterContext.NONE);
        if (derived != null && !derived.isEmpty()) {
            checkedAuthority(json, "serviceName", derived);
        }
        return cluster;
    }

    private static String authority(ConfigNode json) {
        return checkedAuthority(json, "authority", nonEmpty(json, "authority"));
    }

    /** {@code authority}, which came from field {@code key}, if it is a valid {@code :authority}. */
    private static String checkedAuthority(ConfigNode json, String key, String authority) {
        try {
            HeaderValidator.checkAuthority(authority);
        } catch (InvalidHeaderException e) {
            throw json.error(key, e.getMessage());
        }
        return authority;
    }

    /** A header name the plugin reads or sets: a token, not a pseudo-header. */
    private static String headerName(ConfigNode json, String key) {
        String name = nonEmpty(json, key);
        try {
            HeaderValidator.checkRegularName(name);
        } catch (InvalidHeaderException e) {
            throw json.error(key, e.getMessage());
        }
        return name;
    }

    private static HttpRequest request(ConfigNode json) {
        String path = nonEmpty(json, "requestPath");
        String method = json.string("requestMethod", "GET");
        byte[] body = json.has("requestBody") ? json.string("requestBody").getBytes(StandardCharsets.UTF_8) : null;
        HttpRequest.Builder builder = HttpRequest.newBuilder();
        try {
            builder.url(path);
        } catch (IllegalArgumentException e) {
            throw json.error("requestPath", e.getMessage());
        }
        try {
            builder.method(method, body);
        } catch (IllegalArgumentException e) {
            throw json.error("requestMethod", e.getMessage());
        }
        ConfigNode headers = json.optionalObject("requestHeaders");
        if (headers != null) {
            for (String name : headers.keys()) {
                String value = headers.string(name);
                try {
                    HeaderValidator.checkRegularName(name);
                    builder.header(name, value);
                } catch (InvalidHeaderException e) {
                    throw headers.error(name, e.getMessage());
                }
            }
        }
        builder.timeoutMillis(json.integer("timeoutMillis", HttpRequest.DEFAULT_TIMEOUT_MILLIS, 1, 600_000));
        return builder.build();
    }

    private static JsonPath jsonPath(ConfigNode json, String key) {
        try {
            return JsonPath.parse(json.string(key));
        } catch (IllegalArgumentException e) {
            throw json.error(key, e.getMessage());
        }
    }

    private static String nonEmpty(ConfigNode json, String key) {
        String value = json.string(key);
        if (value.isEmpty()) {
            throw json.error(key, "must not be empty");
        }
        return value;
    }
}
