package io.wasmjava.core;

/**
 * What a body phase tells the host, mirroring Envoy's {@code FilterDataStatus}. Values are the ABI numbers
 * ({@code types.DataContinue} … {@code DataStopIterationNoBuffer}).
 */
public enum DataStatus {
    /** Pass the data on. */
    CONTINUE(0),
    /** Hold and buffer the data (the buffered body is delivered again with the next chunk). */
    STOP_ITERATION_AND_BUFFER(1),
    /** Hold and buffer with flow control. */
    STOP_ITERATION_AND_WATERMARK(2),
    /** Hold the data without buffering it. */
    STOP_ITERATION_NO_BUFFER(3);

    private final int code;

    DataStatus(int code) {
        this.code = code;
    }

    /** The ABI value. */
    public int code() {
        return code;
    }
}
