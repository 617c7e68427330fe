package io.wasmjava.core;

import io.wasmjava.core.config.ConfigException;
import io.wasmjava.core.config.ConfigNode;

/**
 * What a plugin is: its name, how it parses its configuration, and its phase handlers. The Java counterpart of
 * Higress's {@code wrapper.SetCtx(name, options...)}. Immutable; build it with {@link #builder(String)} and hand it
 * to the runtime from the plugin's {@code main}:
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     WasmPlugin.run(MyPlugin.definition());
 * }
 * }</pre>
 *
 * @param <C> the parsed configuration type
 */
public final class Plugin<C> {
    private final String name;
    private final ConfigParser<C> configParser;
    private final RuleConfigParser<C> ruleConfigParser;
    private final PluginStartHandler pluginStartHandler;
    private final HeadersHandler<C> requestHeaders;
    private final BodyHandler<C> requestBody;
    private final StreamingBodyHandler<C> streamingRequestBody;
    private final HeadersHandler<C> responseHeaders;
    private final BodyHandler<C> responseBody;
    private final StreamingBodyHandler<C> streamingResponseBody;
    private final StreamDoneHandler<C> streamDone;
    private final TrailersHandler<C> requestTrailers;
    private final TrailersHandler<C> responseTrailers;
    private final boolean customConfig;
    private final Limits limits;
    private final boolean handlerAfterRequestHeaders;
    private final HeadersHandler<C> requestStart;
    private final boolean safeLog;

    private Plugin(Builder<C> builder) {
        this.name = builder.name;
        this.configParser = builder.configParser;
        this.ruleConfigParser = builder.ruleConfigParser;
        this.pluginStartHandler = builder.pluginStartHandler;
        this.requestHeaders = builder.requestHeaders;
        this.requestBody = builder.requestBody;
        this.streamingRequestBody = builder.streamingRequestBody;
        this.responseHeaders = builder.responseHeaders;
        this.responseBody = builder.responseBody;
        this.streamingResponseBody = builder.streamingResponseBody;
        this.streamDone = builder.streamDone;
        this.requestTrailers = builder.requestTrailers;
        this.responseTrailers = builder.responseTrailers;
        this.customConfig = builder.customConfig;
        this.limits = builder.limits;
        this.handlerAfterRequestHeaders = builder.hasHandlerAfterRequestHeaders();
        this.requestStart = builder.requestStart;
        this.safeLog = builder.safeLog;
    }

    /**
     * Starts a plugin definition. The returned stage takes {@link ConfigStage#parseConfig} to parse the
     * configuration into your own type; a handler set on it instead fixes the configuration type to the raw
     * {@link ConfigNode}, after which {@code parseConfig} is no longer offered (so no handler can be dropped by a later
     * change of type).
     *
     * @throws IllegalArgumentException if {@code name} is empty
     */
    public static ConfigStage builder(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("plugin name must not be empty");
        }
        return new ConfigStage(name);
    }

    public String name() {
        return name;
    }

    /** Parses the global configuration. */
    public ConfigParser<C> configParser() {
        return configParser;
    }

    /** Parses a {@code _rules_} entry; null when rules are parsed like the global configuration. */
    public RuleConfigParser<C> ruleConfigParser() {
        return ruleConfigParser;
    }

    /** True if {@link Builder#parseConfig} was called (the plugin expects a configuration). */
    public boolean hasCustomConfig() {
        return customConfig;
    }

    /**
     * What runs at every plugin (re)start: the {@link Builder#onPluginStart} handler, then the VM lifecycle's
     * start step if an option is set; null if neither.
     */
    public PluginStartHandler pluginStartHandler() {
        return pluginStartHandler;
    }

    /** Null if not set. */
    public HeadersHandler<C> requestHeadersHandler() {
        return requestHeaders;
    }

    /** Null if not set. */
    public BodyHandler<C> requestBodyHandler() {
        return requestBody;
    }

    /** Null if not set. */
    public StreamingBodyHandler<C> streamingRequestBodyHandler() {
        return streamingRequestBody;
    }

    /** Null if not set. */
    public HeadersHandler<C> responseHeadersHandler() {
        return responseHeaders;
    }

    /** Null if not set. */
    public BodyHandler<C> responseBodyHandler() {
        return responseBody;
    }

    /** Null if not set. */
    public StreamingBodyHandler<C> streamingResponseBodyHandler() {
        return streamingResponseBody;
    }

    /** The largest values this plugin accepts from outside; {@link Limits#defaults()} unless set. */
    public Limits limits() {
        return limits;
    }

    /** Null if not set. */
    public StreamDoneHandler<C> streamDoneHandler() {
        return streamDone;
    }

    /**
     * True if a handler runs after the request-headers phase (then the SDK keeps that phase's request values for the
     * later phases).
     */
    public boolean hasHandlerAfterRequestHeaders() {
        return handlerAfterRequestHeaders;
    }

    /** Null if not set. */
    public TrailersHandler<C> requestTrailersHandler() {
        return requestTrailers;
    }

    /** Null if not set. */
    public TrailersHandler<C> responseTrailersHandler() {
        return responseTrailers;
    }

    /**
     * What runs at the start of every request's header phase, before rule matching, with a null configuration (its
     * status is ignored): the rebuild checks of {@link Builder#rebuildAfterRequests} and
     * {@link Builder#rebuildMaxMemoryBytes}; null if neither is set. Typed as a header handler so that a module
     * without these options links nothing new for it.
     */
    public HeadersHandler<C> requestStartHandler() {
        return requestStart;
    }

    /** True if {@link Builder#enableSafeLog()} was called: the plugin's loggers are in safe-log mode. */
    public boolean isSafeLog() {
        return safeLog;
    }

    /** Parses a configuration document into {@code C}. */
    @FunctionalInterface
    public interface ConfigParser<C> {
        /**
         * Returns the parsed configuration (non-null).
         *
         * @throws ConfigException naming the path of the bad field; fails {@code proxy_on_configure}
         */
        C parse(ConfigNode json, PluginContext plugin);
    }

    /** Parses one {@code _rules_} entry, starting from the global configuration. */
    @FunctionalInterface
    public interface RuleConfigParser<C> {
        /**
         * Returns the rule's configuration. {@code global} is null when the configuration has no global part.
         *
         * @throws ConfigException naming the path of the bad field
         */
        C parse(ConfigNode rule, C global, PluginContext plugin);
    }

    /** Runs before the configuration is parsed, at every plugin (re)start. */
    @FunctionalInterface
    public interface PluginStartHandler {
        /** Throwing fails the plugin start. */
        void onPluginStart(PluginContext plugin);
    }

    /** Handles a header phase. */
    @FunctionalInterface
    public interface HeadersHandler<C> {
        HeaderStatus handle(HttpContext http, C config);
    }

    /** Handles a buffered body: called once with the whole body. */
    @FunctionalInterface
    public interface BodyHandler<C> {
        DataStatus handle(HttpContext http, C config, byte[] body);
    }

    /** Handles a body chunk; the returned bytes replace the chunk (return {@code chunk} to keep it). */
    @FunctionalInterface
    public interface StreamingBodyHandler<C> {
        byte[] handle(HttpContext http, C config, byte[] chunk, boolean lastChunk);
    }

    /** Handles a trailer phase ({@code proxy_on_request_trailers} / {@code proxy_on_response_trailers}). */
    @FunctionalInterface
    public interface TrailersHandler<C> {
        TrailersStatus handle(HttpContext http, C config);
    }

    /** Called once when the stream ends, with the configuration matched for the request. */
    @FunctionalInterface
    public interface StreamDoneHandler<C> {
        void handle(HttpContext http, C config);
    }

    /**
     * Builder; every handler is optional. A header handler decides whether the phase continues; body handlers get
     * the body as described at {@link #onRequestBody}. Setting a handler twice keeps the last one.
     */
    public static class Builder<C> {
        private final String name;
        private final ConfigParser<C> configParser;
        private RuleConfigParser<C> ruleConfigParser;
        private PluginStartHandler pluginStartHandler;
        private PluginStartHandler userStartHandler;
        private HeadersHandler<C> requestHeaders;
        private BodyHandler<C> requestBody;
        private StreamingBodyHandler<C> streamingRequestBody;
        private HeadersHandler<C> responseHeaders;
        private BodyHandler<C> responseBody;
        private StreamingBodyHandler<C> streamingResponseBody;
        private StreamDoneHandler<C> streamDone;
        private TrailersHandler<C> requestTrailers;
        private TrailersHandler<C> responseTrailers;
        private final boolean customConfig;
        private Limits limits = Limits.defaults();
        private VmLifecycle vmLifecycle;
        private HeadersHandler<C> requestStart;
        private boolean safeLog;

        private Builder(String name, ConfigParser<C> configParser, boolean customConfig) {
            this.name = name;
            this.configParser = configParser;
            this.customConfig = customConfig;
        }

        /** Sets the largest configuration, bodies, callout responses and Redis replies the plugin accepts. */
        public Builder<C> limits(Limits limits) {
            this.limits = requireNonNull(limits, "limits");
            return this;
        }

        /** Runs {@code handler} at every plugin (re)start, before the configuration is parsed. */
        public Builder<C> onPluginStart(PluginStartHandler handler) {
            this.userStartHandler = requireNonNull(handler, "handler");
            this.pluginStartHandler = startHandler();
            return this;
        }

        /**
         * The start handler, then the VM lifecycle's start step. Composed here, where an option or a handler is set,
         * and not in {@link #build()}: a module that sets neither then links none of it.
         */
        private PluginStartHandler startHandler() {
            PluginStartHandler user = userStartHandler;
            VmLifecycle lifecycle = vmLifecycle;
            if (lifecycle == null) {
                return user;
            }
            return plugin -> {
                if (user != null) {
                    user.onPluginStart(plugin);
                }
                lifecycle.onPluginStart(plugin);
            };
        }

        // ---- VM lifecycle and logging options (Higress's CtxOptions of the same names) ----

        /**
         * Asks the host to rebuild this VM after every {@code requests} requests (Higress's
         * {@code WithRebuildAfterRequests}; see {@code VmLifecycle}).
         *
         * @throws IllegalArgumentException if {@code requests} is not positive
         */
        public Builder<C> rebuildAfterRequests(long requests) {
            return vmLifecycle(lifecycle().withRebuildAfterRequests(requests), true);
        }

        /**
         * Asks the host to rebuild this VM once its memory reaches {@code bytes} (Higress's
         * {@code WithRebuildMaxMemBytes}; see {@code VmLifecycle}).
         *
         * @throws IllegalArgumentException if {@code bytes} is not positive
         */
        public Builder<C> rebuildMaxMemoryBytes(long bytes) {
            return vmLifecycle(lifecycle().withRebuildMaxMemoryBytes(bytes), true);
        }

        /**
         * Asks the host to process at most {@code requests} requests per I/O cycle, so that callout responses are not
         * starved by request work (Higress's {@code WithMaxRequestsPerIoCycle}: global to the gateway, the smallest
         * value wins; see {@code VmLifecycle}).
         *
         * @throws IllegalArgumentException if {@code requests} is not positive
         */
        public Builder<C> maxRequestsPerIoCycle(long requests) {
            return vmLifecycle(lifecycle().withMaxRequestsPerIoCycle(requests), false);
        }

        private VmLifecycle lifecycle() {
            return vmLifecycle == null ? VmLifecycle.none() : vmLifecycle;
        }

        /** Sets the options and composes their handlers; {@code perRequest}: an option checked at every request. */
        private Builder<C> vmLifecycle(VmLifecycle lifecycle, boolean perRequest) {
            vmLifecycle = lifecycle;
            pluginStartHandler = startHandler();
            if (perRequest) {
                requestStart = (http, config) -> lifecycle.onRequestStart(http);
            }
            return this;
        }

        /**
         * Puts the plugin's loggers in safe-log mode (Higress's {@code EnableSafeLog}): {@link Log#unsafeInfo}
         * messages go to DEBUG, and {@link Log#sensitive} arguments are masked at every level.
         */
        public Builder<C> enableSafeLog() {
            this.safeLog = true;
            return this;
        }

        /** Request headers: runs once per request whose configuration matched. */
        public Builder<C> onRequestHeaders(HeadersHandler<C> handler) {
            this.requestHeaders = requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Buffered request body: runs once, with the whole body, when the last chunk has arrived (the chunks before
         * it are held by the host). If a {@linkplain #onStreamingRequestBody streaming handler} is set too, the
         * streaming one gets the body unless the request called {@link HttpContext#bufferRequestBody()} before its
         * body arrived (Higress's {@code BufferRequestBody}). Not called after
         * {@link HttpContext#dontReadRequestBody()}, for binary or WebSocket requests, or for a request without a body;
         * nor for a body that trailers end (the last chunk then comes without end of stream, and the SDK, like
         * Higress's, waits for it): such a body is forwarded unread.
         */
        public Builder<C> onRequestBody(BodyHandler<C> handler) {
            this.requestBody = requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Streaming request body: runs once per chunk as it arrives, and takes precedence over
         * {@link #onRequestBody} unless the request called {@link HttpContext#bufferRequestBody()}; skipped in the
         * same cases.
         */
        public Builder<C> onStreamingRequestBody(StreamingBodyHandler<C> handler) {
            this.streamingRequestBody = requireNonNull(handler, "handler");
            return this;
        }

        /** Response headers: runs once per request whose configuration matched. */
        public Builder<C> onResponseHeaders(HeadersHandler<C> handler) {
            this.responseHeaders = requireNonNull(handler, "handler");
            return this;
        }

        /** Buffered response body; as {@link #onRequestBody}, with {@link HttpContext#bufferResponseBody()}. */
        public Builder<C> onResponseBody(BodyHandler<C> handler) {
            this.responseBody = requireNonNull(handler, "handler");
            return this;
        }

        /** Streaming response body; as {@link #onStreamingRequestBody}, with {@link HttpContext#bufferResponseBody}. */
        public Builder<C> onStreamingResponseBody(StreamingBodyHandler<C> handler) {
            this.streamingResponseBody = requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Runs once per request whose configuration matched, when the stream ends ({@code proxy_on_log}): the final
         * request and response headers are still readable; the request can no longer be changed or answered.
         */
        public Builder<C> onStreamDone(StreamDoneHandler<C> handler) {
            this.streamDone = requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Request trailers: runs once per request whose configuration matched and whose client sent trailers (gRPC,
         * chunked HTTP/1 with trailers), after the last body chunk, which then came without end of stream. The
         * trailers are readable and changeable only here ({@link HttpContext#requestTrailers()} and the methods
         * beside it): Envoy holds no request trailer map in any other phase. {@link HttpContext#executionPhase()} is
         * {@link ExecutionPhase#DECODE_DATA}, set by the body callback before the trailers (Higress's SDK has no
         * trailer phase); for trailers that follow the headers with no body at all it is still DECODE_HEADER.
         */
        public Builder<C> onRequestTrailers(TrailersHandler<C> handler) {
            this.requestTrailers = requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Response trailers: as {@link #onRequestTrailers}, for the upstream's trailers (e.g. {@code grpc-status});
         * the phase is {@link ExecutionPhase#ENCODE_DATA}.
         */
        public Builder<C> onResponseTrailers(TrailersHandler<C> handler) {
            this.responseTrailers = requireNonNull(handler, "handler");
            return this;
        }

        public Plugin<C> build() {
            return new Plugin<>(this);
        }

        /** True once any phase handler is set (the start handler is not one: it does not see {@code C}). */
        boolean hasPhaseHandler() {
            return requestHeaders != null || hasHandlerAfterRequestHeaders();
        }

        private boolean hasHandlerAfterRequestHeaders() {
            return requestBody != null || streamingRequestBody != null || responseHeaders != null
                    || responseBody != null || streamingResponseBody != null || streamDone != null
                    || requestTrailers != null || responseTrailers != null;
        }

        private static <T> T requireNonNull(T value, String what) {
            if (value == null) {
                throw new IllegalArgumentException(what + " must not be null");
            }
            return value;
        }
    }

    /**
     * The first stage of a definition, as returned by {@link Plugin#builder}: choose how the configuration is parsed,
     * or set a handler to keep the raw {@link ConfigNode}. Limits, the start handler and the VM and log options may be set at either stage.
     */
    public static final class ConfigStage extends Builder<ConfigNode> {
        private ConfigStage(String name) {
            super(name, (json, plugin) -> json, false);
        }

        /** As {@link Builder#limits}; returns this stage, so that {@code parseConfig} may still follow. */
        @Override
        public ConfigStage limits(Limits limits) {
            super.limits(limits);
            return this;
        }

        /** As {@link Builder#onPluginStart}; returns this stage, so that {@code parseConfig} may still follow. */
        @Override
        public ConfigStage onPluginStart(PluginStartHandler handler) {
            super.onPluginStart(handler);
            return this;
        }

        /** As {@link Builder#rebuildAfterRequests}; returns this stage, so that {@code parseConfig} may still follow. */
        @Override
        public ConfigStage rebuildAfterRequests(long requests) {
            super.rebuildAfterRequests(requests);
            return this;
        }

        /** As {@link Builder#rebuildMaxMemoryBytes}; returns this stage. */
        @Override
        public ConfigStage rebuildMaxMemoryBytes(long bytes) {
            super.rebuildMaxMemoryBytes(bytes);
            return this;
        }

        /** As {@link Builder#maxRequestsPerIoCycle}; returns this stage. */
        @Override
        public ConfigStage maxRequestsPerIoCycle(long requests) {
            super.maxRequestsPerIoCycle(requests);
            return this;
        }

        /** As {@link Builder#enableSafeLog}; returns this stage. */
        @Override
        public ConfigStage enableSafeLog() {
            super.enableSafeLog();
            return this;
        }

        /**
         * Parses the configuration with {@code parser}; rules ({@code _rules_}) are parsed with it too, from the
         * rule's own JSON. Limits, the start handler and the options set so far carry over.
         *
         * @throws IllegalStateException if a phase handler was set on this stage already (through a reference kept
         *     to it): that handler expects the raw configuration, so it cannot carry over
         */
        public <D> Builder<D> parseConfig(ConfigParser<D> parser) {
            if (hasPhaseHandler()) {
                throw new IllegalStateException("parseConfig after a phase handler: set handlers on the builder "
                        + "parseConfig returns");
            }
            Builder<D> next = new Builder<>(super.name, Builder.requireNonNull(parser, "parser"), true);
            next.pluginStartHandler = super.pluginStartHandler;
            next.userStartHandler = super.userStartHandler;
            next.limits = super.limits;
            next.vmLifecycle = super.vmLifecycle;
            // The request-start handler ignores its configuration, so it serves any configuration type.
            @SuppressWarnings("unchecked")
            HeadersHandler<D> requestStart = (HeadersHandler<D>) (HeadersHandler<?>) super.requestStart;
            next.requestStart = requestStart;
            next.safeLog = super.safeLog;
            return next;
        }

        /**
         * Sets the global parser and a separate rule parser that starts from the global configuration (Higress's
         * {@code ParseOverrideConfig}); otherwise as {@link #parseConfig(ConfigParser)}.
         */
        public <D> Builder<D> parseConfig(ConfigParser<D> parser, RuleConfigParser<D> ruleParser) {
            Builder<D> next = parseConfig(parser);
            next.ruleConfigParser = Builder.requireNonNull(ruleParser, "ruleParser");
            return next;
        }
    }
}
