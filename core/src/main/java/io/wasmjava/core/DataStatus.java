package io.wasmjava.core;

/**
 * What a body phase tells the host, mirroring Envoy's {@code FilterDataStatus}. Values are the ABI numbers
 * ({@code types.DataContinue} … {@code DataStopIterationNoBuffer}).
 */
public enum DataStatus {
    /** Pass the data on. */
    CONTINUE,
    /** Hold and buffer the data (the buffered body is delivered again with the next chunk). */
    STOP_ITERATION_AND_BUFFER,
    /** Hold and buffer with flow control. */
    STOP_ITERATION_AND_WATERMARK,
    /** Hold the data without buffering it. */
    STOP_ITERATION_NO_BUFFER;

    /** The ABI value: the constants are declared in ABI order, so it is the ordinal. */
    public int code() {
        return ordinal();
    }
}
