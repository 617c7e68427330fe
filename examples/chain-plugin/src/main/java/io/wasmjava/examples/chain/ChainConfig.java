package io.wasmjava.examples.chain;

import io.wasmjava.cluster.Cluster;
import io.wasmjava.cluster.Clusters;
import io.wasmjava.core.PluginContext;
import io.wasmjava.core.config.ConfigException;
import io.wasmjava.core.config.ConfigNode;
import io.wasmjava.http.HttpClient;
import io.wasmjava.http.HttpRequest;
import io.wasmjava.redis.RedisCallException;
import io.wasmjava.redis.RedisClient;
import java.util.Arrays;
import java.util.List;

/**
 * The chain plugin's configuration. Every field is optional:
 *
 * <pre>{@code
 * {
 *   "style": "promise",              // or "callbacks": which implementation handles requests
 *   "tokenService": "token.static",  "tokenPort": 0,   "tokenPath": "/token",
 *   "redisService": "redis.static",  "redisPort": 0,
 *   "backendService": "backend.static", "backendPort": 0, "backendPath": "/reserve",
 *   "timeoutMillis": 500,            // per callout
 *   "failureStatus": 503
 * }
 * }</pre>
 *
 * <p>Port 0 means the service's default: 80 for {@code .static} names (Higress's logical port for static services,
 * so {@code outbound|80||redis.static}), else 80 for HTTP and 6379 for Redis. Immutable; the clients are created,
 * and Redis initialised, while parsing.
 */
final class ChainConfig {
    /** Which implementation of the flow handles requests. */
    enum Style {
        PROMISE,
        CALLBACKS
    }

    private static final List<String> KNOWN_KEYS = Arrays.asList("style", "tokenService", "tokenPort", "tokenPath",
            "redisService", "redisPort", "backendService", "backendPort", "backendPath", "timeoutMillis",
            "failureStatus", "_match_route_", "_match_domain_", "_match_service_", "_match_route_prefix_", "_rules_");
    private static final int DEFAULT_HTTP_PORT = 80;
    private static final int DEFAULT_REDIS_PORT = 6379;

    private final Style style;
    private final HttpClient tokenClient;
    private final HttpRequest tokenRequest;
    private final RedisClient redis;
    private final HttpClient backendClient;
    private final String backendPath;
    private final int timeoutMillis;
    private final int failureStatus;

    private ChainConfig(ConfigNode json, PluginContext plugin) {
        for (String key : json.keys()) {
            if (!KNOWN_KEYS.contains(key)) {
                throw json.error(key, "unknown field");
            }
        }
        String styleName = json.string("style", "promise");
        if (styleName.equals("promise")) {
            style = Style.PROMISE;
        } else if (styleName.equals("callbacks")) {
            style = Style.CALLBACKS;
        } else {
            throw json.error("style", "must be \"promise\" or \"callbacks\" but was \"" + styleName + "\"");
        }
        timeoutMillis = json.integer("timeoutMillis", HttpRequest.DEFAULT_TIMEOUT_MILLIS, 1, 600_000);
        failureStatus = json.integer("failureStatus", 503, 200, 599);
        tokenClient = HttpClient.create(plugin,
                cluster(json, "tokenService", "token.static", "tokenPort", DEFAULT_HTTP_PORT));
        tokenRequest = HttpRequest.newBuilder().url(path(json, "tokenPath", "/token")).get()
                .timeoutMillis(timeoutMillis).build();
        backendClient = HttpClient.create(plugin,
                cluster(json, "backendService", "backend.static", "backendPort", DEFAULT_HTTP_PORT));
        backendPath = path(json, "backendPath", "/reserve");
        redis = RedisClient.create(plugin,
                cluster(json, "redisService", "redis.static", "redisPort", DEFAULT_REDIS_PORT));
        try {
            redis.init("", "", timeoutMillis);
        } catch (RedisCallException e) {
            throw json.error("redisService", e.getMessage());
        }
    }

    /**
     * @throws ConfigException naming the bad field, or {@code redisService} if the host refused
     *     {@code proxy_redis_init}
     */
    static ChainConfig parse(ConfigNode json, PluginContext plugin) {
        return new ChainConfig(json, plugin);
    }

    Style style() {
        return style;
    }

    HttpClient tokenClient() {
        return tokenClient;
    }

    HttpRequest tokenRequest() {
        return tokenRequest;
    }

    RedisClient redis() {
        return redis;
    }

    HttpClient backendClient() {
        return backendClient;
    }

    /** The backend call for {@code grant}: GET {@code backendPath} with header {@code x-quota}. */
    HttpRequest backendRequest(Grant grant) {
        return HttpRequest.newBuilder().url(backendPath).get().header("x-quota", Long.toString(grant.quota()))
                .timeoutMillis(timeoutMillis).build();
    }

    int failureStatus() {
        return failureStatus;
    }

    private static Cluster cluster(ConfigNode json, String serviceKey, String defaultService, String portKey,
            int defaultPort) {
        String service = json.string(serviceKey, defaultService);
        int port = json.integer(portKey, 0, 0, 65535);
        try {
            return Clusters.fromService(service, port, defaultPort);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            String field = message.startsWith("servicePort") ? portKey : serviceKey;
            throw json.error(field, message.substring(message.indexOf(':') + 1).trim());
        }
    }

    private static String path(ConfigNode json, String key, String defaultPath) {
        String path = json.string(key, defaultPath);
        if (!path.startsWith("/")) {
            throw json.error(key, "must start with / but was \"" + path + "\"");
        }
        return path;
    }
}
