package io.wasmjava.core;

import io.wasmjava.core.host.HostStatusException;

/**
 * The service provider interface client libraries use to make asynchronous host calls. Each call is registered
 * against the context that is current when it is made (the request being processed, or the plugin itself during
 * ticks and configuration); the response handler runs with that context made effective again. If the request has
 * ended before the response arrives, the handler is never called.
 */
public interface Callouts {
    /**
     * Dispatches {@code proxy_http_call}. The handler is called at most once: with the response's headers, body and
     * trailers (copied, owned by the handler), or never if the stream has ended.
     *
     * @return the callout token
     * @throws HostStatusException if the host refused the call (then the handler is never called)
     */
    int dispatchHttpCall(String cluster, Headers headers, byte[] body, int timeoutMillis, HttpCallHandler handler);

    /**
     * Like {@link #dispatchHttpCall}, but the call belongs to the plugin context {@code rootContextId} rather than the
     * current request: the handler runs even if the request that triggered it has ended (shared fetches, background
     * refresh). Host calls for a particular request from the handler go through that request's {@link HttpContext}.
     */
    int dispatchHttpCallForPlugin(int rootContextId, String cluster, Headers headers, byte[] body, int timeoutMillis,
            HttpCallHandler handler);

    /**
     * Higress {@code proxy_redis_init}.
     *
     * @throws HostStatusException if the host refused (status other than OK)
     */
    void redisInit(String cluster, String username, String password, int timeoutMillis);

    /**
     * Dispatches Higress {@code proxy_redis_call} with one RESP command. The handler is called at most once with the
     * host status (0 = OK) and the raw reply bytes, or never if the stream has ended.
     *
     * @throws HostStatusException if the host refused the call (then the handler is never called)
     */
    int dispatchRedisCall(String cluster, byte[] query, RedisCallHandler handler);

    /** The request whose context is current, or null during configuration and ticks. */
    HttpContext currentRequest();

    /** Receives the raw outcome of an HTTP callout. */
    interface HttpCallHandler {
        /**
         * Called once with the response. {@code headers} is empty when the host reports the call failed (reset,
         * timeout): Envoy then calls back with no headers and no {@code :status}.
         */
        void onHttpCallResponse(Headers headers, byte[] body, Headers trailers);

        /**
         * Called once instead of {@link #onHttpCallResponse} when the response body is over
         * {@link Limits#maxCalloutResponseBytes()} or does not fit in the module's heap; the body was never copied.
         * The default rethrows it, which the SDK reports as a failed handler: logged at critical, and a request
         * paused for the call is resumed. Clients override it to report a typed failure.
         */
        default void onHttpCallTooLarge(PayloadTooLargeException tooLarge) {
            throw tooLarge;
        }
    }

    /** Receives the raw outcome of a Redis callout. */
    interface RedisCallHandler {
        /** Called once with the host status (0 = OK) and the raw RESP reply (empty when there is none). */
        void onRedisCallResponse(int status, byte[] reply);

        /**
         * Called once instead of {@link #onRedisCallResponse} when the reply is over
         * {@link Limits#maxRedisReplyBytes()} or does not fit in the module's heap; the reply was never copied. The
         * default rethrows it (logged at critical, a paused request is resumed); clients override it.
         */
        default void onRedisCallTooLarge(PayloadTooLargeException tooLarge) {
            throw tooLarge;
        }
    }
}
