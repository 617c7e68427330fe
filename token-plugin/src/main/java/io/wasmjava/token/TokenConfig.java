package io.wasmjava.token;

import io.wasmjava.core.HeaderValidator;
import io.wasmjava.core.InvalidHeaderException;
import io.wasmjava.core.PluginContext;
import io.wasmjava.core.Utf8;
import io.wasmjava.core.config.ConfigNode;
import io.wasmjava.core.config.GjsonReader;
import io.wasmjava.core.host.HostStatusException;
import io.wasmjava.core.shared.LeaderElection;
import io.wasmjava.http.HttpClient;
import io.wasmjava.http.HttpRequest;
import java.util.Arrays;
import java.util.List;

/**
 * The token plugin's configuration (JSON; consoles may show YAML). Higress's {@code http-call} example configuration
 * ({@code serviceSource}, {@code serviceName}, {@code servicePort}, {@code namespace}, {@code domain},
 * {@code requestPath}, {@code tokenHeader}, {@code bodyHeader}) works unchanged, and its fields are read as Higress
 * reads them, through gjson's conversions ({@link GjsonReader}: {@code "servicePort": "8000"} is 8000, a number
 * where a string is read is its text); {@link TokenService} reads where the token service is. This plugin's own
 * fields are read strictly ({@code "cacheTtlSeconds": "60"} is an error). {@code token-plugin/README.md} lists every
 * field, its default and its Higress equivalent.
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
            "failureBody", "invalidateOn401", "bodyHeader", "sharedCache",
            // Policy: lifetime sources (TokenLifetime), backoff (FetchBackoff), skip rules (SkipRules), the failure
            // marker and invalidation statuses.
            "expiresAtJsonPath", "lifetimeFromCacheControl", "lifetimeFromJwt", FetchBackoff.INITIAL_KEY,
            FetchBackoff.MAX_KEY, SkipRules.KEY, TokenConfig.FAILURE_HEADER_ADD_KEY,
            TokenConfig.FAILURE_HEADER_NAME_KEY, TokenConfig.INVALIDATE_ON_STATUSES_KEY,
            // Higress http-call's service fields (TokenService).
            "serviceSource", "namespace", "domain",
            // Per-rule matching keys are read by the SDK.
            "_match_route_", "_match_domain_", "_match_service_", "_match_route_prefix_", "_rules_");
    static final String TOKEN_PLACEHOLDER = "{token}";
    /**
     * The {@code failureMode} that answers a failed fetch as the seed did: Higress's {@code http-call} example sent
     * {@code 500 http call failed} with no headers until alibaba/higress commit 7ff1d2c4 (2023-04-07) made it
     * continue without a token (today's {@code allow}).
     */
    static final String DENY_500 = "deny-500";
    static final int DENY_500_STATUS = 500;
    /** How often a VM looks for the outcome of another VM's fetch while requests wait for it: Higress's tick. */
    static final long POLL_MILLIS = 100;
    static final String DENY_500_BODY = "http call failed";
    static final String FAILURE_HEADER_ADD_KEY = "failureModeAllowHeaderAdd";
    static final String FAILURE_HEADER_NAME_KEY = "failureModeAllowHeaderName";
    /**
     * The failure marker's default name and its value: Envoy's ext_authz adds {@code x-envoy-auth-failure-mode-allowed:
     * true} when {@code failure_mode_allow} lets a request through after a failed check and
     * {@code failure_mode_allow_header_add} is set (envoyproxy/envoy {@code api/envoy/extensions/filters/http/ext_authz/
     * v3/ext_authz.proto}, field {@code failure_mode_allow_header_add}; {@code source/extensions/filters/http/ext_authz/
     * ext_authz.cc}, {@code onComplete}); Higress's ext-auth does the same (alibaba/higress 4e0d6914,
     * {@code plugins/wasm-go/extensions/ext-auth/main.go:44, 170-173}).
     */
    static final String DEFAULT_FAILURE_HEADER_NAME = "x-envoy-auth-failure-mode-allowed";
    static final String FAILURE_HEADER_VALUE = "true";
    static final String INVALIDATE_ON_STATUSES_KEY = "invalidateOnStatuses";

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
    final TokenLifetime lifetime;
    final long refreshAheadSeconds;
    final FailureMode failureMode;
    final int failureStatus;
    final String failureBody;
    /** The marker added to a request let through without a token after a failure ({@code allow}), or null. */
    final String failureHeader;
    final FetchBackoff backoff;
    /** Requests that get no token, or null if none are skipped. */
    final SkipRules skipRules;
    /** Upstream {@code :status} values that drop the token the request carried; may be empty. */
    final String[] invalidateOnStatuses;
    final String bodyHeader;
    final TokenCache cache;
    final TokenMetrics metrics;

    private TokenConfig(ConfigNode json, PluginContext plugin) {
        for (String key : json.keys()) {
            if (!KNOWN_KEYS.contains(key)) {
                throw json.error(key, "unknown field");
            }
        }
        GjsonReader higress = GjsonReader.lenient(plugin.log()::warn);
        this.client = HttpClient.create(plugin, TokenService.cluster(json, higress));
        this.request = request(json, higress);
        boolean hasHeader = !json.isNull("tokenHeader");
        boolean hasJsonPath = !json.isNull("tokenJsonPath");
        if (hasHeader == hasJsonPath) {
            throw json.error("exactly one of tokenHeader, tokenJsonPath must be set");
        }
        this.tokenHeader = hasHeader ? headerName(json, "tokenHeader", higress.string(json, "tokenHeader")) : null;
        this.tokenJsonPath = hasJsonPath ? jsonPath(json, "tokenJsonPath") : null;
        this.injectHeader = json.has("injectHeader") ? headerName(json, "injectHeader", json.string("injectHeader"))
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
        this.lifetime = TokenLifetime.parse(json);
        this.refreshAheadSeconds = json.integer("refreshAheadSeconds", 30, 0, Integer.MAX_VALUE);
        String failure = json.string("failureMode", "allow");
        if (failure.equals(DENY_500)) {
            // A preset: the status and body are the seed's, so a second source for them would be ambiguous.
            for (String key : new String[] {"failureStatus", "failureBody"}) {
                if (!json.isNull(key)) {
                    throw json.error(key, "not used with failureMode " + DENY_500 + ", which answers "
                            + DENY_500_STATUS + " \"" + DENY_500_BODY + "\"; use failureMode deny to set it");
                }
            }
            this.failureMode = FailureMode.DENY;
            this.failureStatus = DENY_500_STATUS;
            this.failureBody = DENY_500_BODY;
        } else if (failure.equals("allow") || failure.equals("deny")) {
            this.failureMode = failure.equals("allow") ? FailureMode.ALLOW : FailureMode.DENY;
            this.failureStatus = json.integer("failureStatus", 503, 200, 599);
            this.failureBody = json.string("failureBody", "token service unavailable");
        } else {
            throw json.error("failureMode", "must be \"allow\", \"deny\" or \"" + DENY_500 + "\" but was \""
                    + failure + "\"");
        }
        this.invalidateOnStatuses = invalidateOnStatuses(json);
        // Higress's example copies the whole token response body into this header; kept for configs written for it.
        this.bodyHeader = json.isNull("bodyHeader") ? null
                : headerName(json, "bodyHeader", higress.string(json, "bodyHeader"));
        this.failureHeader = failureHeader(json);
        this.backoff = FetchBackoff.parse(json);
        this.skipRules = SkipRules.parse(json);
        this.metrics = TokenMetrics.of(plugin);
        // Without a lifetime nothing is cached, so there is nothing to share: a VM that waited for another's fetch would
        // get no token from it and fetch again.
        this.cache = new TokenCache(this, store(json, plugin, request.timeoutMillis(), lifetime.mayCache(), backoff));
        if (cache.isShared()) {
            // Requests waiting for another VM's fetch learn of its outcome on the next tick (Envoy has no way for
            // one VM to wake another).
            plugin.registerTick(POLL_MILLIS, () -> cache.poll(plugin));
        }
    }

    /**
     * Where this configuration's token lives: in shared data, one entry for every VM of the gateway (the default), or
     * this VM's own with {@code "sharedCache": false}, when the token is never cached, or on a host without shared
     * data (logged at WARN).
     */
    private static TokenStore store(ConfigNode json, PluginContext plugin, int timeoutMillis, boolean mayCache,
            FetchBackoff backoff) {
        if (!json.bool("sharedCache", true) || !mayCache) {
            return new LocalTokenStore(backoff);
        }
        SharedTokenStore shared = new SharedTokenStore(plugin.sharedData(), SharedTokenStore.key(json.value().toJson()),
                LeaderElection.randomUuid(), timeoutMillis + SharedTokenStore.CLAIM_SLACK_MILLIS, backoff);
        try {
            shared.entry();
        } catch (HostStatusException e) {
            plugin.log().warn("shared data unavailable (" + e.getMessage() + "): each VM caches its own token");
            return new LocalTokenStore(backoff);
        }
        return shared;
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

    /** {@code name}, read from {@code key}, if the plugin may read or set a header so named: a token, not a pseudo-header. */
    private static String headerName(ConfigNode json, String key, String name) {
        notEmpty(json, key, name);
        try {
            HeaderValidator.checkRegularName(name);
        } catch (InvalidHeaderException e) {
            throw json.error(key, e.getMessage());
        }
        return name;
    }

    private static HttpRequest request(ConfigNode json, GjsonReader higress) {
        String path = requiredHigressString(higress, json, "requestPath");
        String method = json.string("requestMethod", "GET");
        byte[] body = json.has("requestBody") ? Utf8.encode(json.string("requestBody")) : null;
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

    /**
     * The failure marker's name, or null if it is off: {@value #FAILURE_HEADER_ADD_KEY} ({@code false} by default, as
     * in Envoy and Higress) turns it on, {@value #FAILURE_HEADER_NAME_KEY} renames it. Both only apply to
     * {@code failureMode: allow}, and the name must not be one of the headers the plugin sets.
     */
    private String failureHeader(ConfigNode json) {
        boolean add = json.bool(FAILURE_HEADER_ADD_KEY, false);
        boolean named = !json.isNull(FAILURE_HEADER_NAME_KEY);
        if (add && failureMode != FailureMode.ALLOW) {
            throw json.error(FAILURE_HEADER_ADD_KEY, "only used with failureMode allow: a denied request does not "
                    + "reach the upstream");
        }
        if (named && !add) {
            throw json.error(FAILURE_HEADER_NAME_KEY, "set " + FAILURE_HEADER_ADD_KEY + ": true to add the header");
        }
        if (!add) {
            return null;
        }
        String name = named ? headerName(json, FAILURE_HEADER_NAME_KEY, json.string(FAILURE_HEADER_NAME_KEY))
                : DEFAULT_FAILURE_HEADER_NAME;
        if (Utf8.lowerAscii(name).equals(Utf8.lowerAscii(injectHeader))
                || bodyHeader != null && Utf8.lowerAscii(name).equals(Utf8.lowerAscii(bodyHeader))) {
            throw json.error(named ? FAILURE_HEADER_NAME_KEY : FAILURE_HEADER_ADD_KEY, "the failure marker \"" + name
                    + "\" must not be the header the token or the body goes into");
        }
        return name;
    }

    /**
     * {@value #INVALIDATE_ON_STATUSES_KEY}, each a status 100-599 (default {@code [401]}); or the older
     * {@code invalidateOn401} ({@code false} is {@code []}), but not both.
     */
    private static String[] invalidateOnStatuses(ConfigNode json) {
        if (json.isNull(INVALIDATE_ON_STATUSES_KEY)) {
            return json.bool("invalidateOn401", true) ? new String[] {"401"} : new String[0];
        }
        if (!json.isNull("invalidateOn401")) {
            throw json.error("invalidateOn401", "set either invalidateOn401 or " + INVALIDATE_ON_STATUSES_KEY
                    + ", not both");
        }
        List<ConfigNode> statuses = json.array(INVALIDATE_ON_STATUSES_KEY);
        String[] texts = new String[statuses.size()];
        for (int i = 0; i < texts.length; i++) {
            // Envoy's :status is always the three digits, so the text compares as the number.
            texts[i] = Integer.toString(statuses.get(i).asInt(100, 599));
        }
        return texts;
    }

    /** True if the upstream's {@code :status} (null if absent) drops the token the request carried. */
    boolean invalidatesOn(String status) {
        if (status != null) {
            for (String candidate : invalidateOnStatuses) {
                if (candidate.equals(status)) {
                    return true;
                }
            }
        }
        return false;
    }

    static JsonPath jsonPath(ConfigNode json, String key) {
        try {
            return JsonPath.parse(json.string(key));
        } catch (IllegalArgumentException e) {
            throw json.error(key, e.getMessage());
        }
    }

    /** The string {@code key}, required and not empty. */
    static String nonEmpty(ConfigNode json, String key) {
        return notEmpty(json, key, json.string(key));
    }

    /**
     * A string field of Higress's {@code http-call} configuration, read as Higress reads it: gjson's
     * {@code String()} (a number is its text, {@code true} is {@code "true"}, an object or array its JSON text with a
     * WARN); {@code ""} if absent or {@code null}, which count as unset, as they do in Higress.
     */
    static String higressString(GjsonReader higress, ConfigNode json, String key) {
        return json.isNull(key) ? "" : higress.string(json, key);
    }

    /** {@link #higressString}, required and not empty. */
    static String requiredHigressString(GjsonReader higress, ConfigNode json, String key) {
        if (!json.has(key)) {
            throw json.error(key, "required but missing");
        }
        return notEmpty(json, key, higressString(higress, json, key));
    }

    private static String notEmpty(ConfigNode json, String key, String value) {
        if (value.isEmpty()) {
            throw json.error(key, "must not be empty");
        }
        return value;
    }
}
