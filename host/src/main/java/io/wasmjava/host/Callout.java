package io.wasmjava.host;

/** A call the plugin made to a cluster, as the host recorded it: {@link HttpCallout} or {@link RedisCallout}. */
public sealed interface Callout permits HttpCallout, RedisCallout {
    /** The token the host returned for the call. */
    int token();

    /** The cluster the call went to. */
    String cluster();

    /** The context that made the call: a stream's id, or the root context's. */
    int contextId();
}
