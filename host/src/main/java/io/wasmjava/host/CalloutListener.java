package io.wasmjava.host;

/**
 * Hears about a plugin's outbound calls as it makes them, for hosts that carry them out for real (the devserver
 * sends HTTP calls to real services and Redis commands to a real server). Set with
 * {@link HostOptions#calloutListener}. Each method runs inside the plugin's host call, on the thread that drives
 * the plugin: start the work there, and answer later ({@link PluginHarness#pendingHttpCall(int)}) from that thread.
 */
public interface CalloutListener {
    /** The plugin dispatched {@code call} ({@code proxy_http_call}); it is pending until answered. */
    void onHttpCall(HttpCallout call);

    /** The plugin dispatched {@code call} (Higress {@code proxy_redis_call}); it is pending until answered. */
    void onRedisCall(RedisCallout call);

    /** The host accepted {@code init} (Higress {@code proxy_redis_init}); nothing by default. */
    default void onRedisInit(RedisInit init) {
    }
}
