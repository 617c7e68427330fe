package io.wasmjava.core.host;

/** proxy-wasm metric types. */
public enum MetricType {
    COUNTER,
    GAUGE,
    HISTOGRAM;

    /** The ABI value. */
    public int code() {
        return ordinal();
    }
}
