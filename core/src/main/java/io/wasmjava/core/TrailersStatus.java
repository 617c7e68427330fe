package io.wasmjava.core;

/**
 * What a trailer phase tells the host, mirroring Envoy's {@code FilterTrailersStatus} (ABI numbers 0 and 1, the same
 * as the first two {@link HeaderStatus} values).
 */
public enum TrailersStatus {
    /** Pass the trailers on. */
    CONTINUE,
    /** Hold the trailers (and so the end of the stream) until the plugin resumes the request or response. */
    STOP_ITERATION;

    /** The ABI value: the constants are declared in ABI order, so it is the ordinal. */
    public int code() {
        return ordinal();
    }
}
