package io.wasmjava.core;

/**
 * What a header phase tells the host, mirroring Envoy's {@code FilterHeadersStatus}. Values are the ABI numbers
 * Higress's Go SDK uses ({@code types.HeaderContinue} … {@code HeaderStopAllIterationAndWatermark}).
 */
public enum HeaderStatus {
    /** Pass the headers on. */
    CONTINUE(0),
    /** Hold the headers; later body data still reaches the plugin. Resume with {@code resumeRequest()}. */
    STOP_ITERATION(1),
    /** Pass the headers on and end the stream. */
    CONTINUE_AND_END_STREAM(2),
    /** Hold headers and buffer the body until resumed. */
    STOP_ALL_ITERATION_AND_BUFFER(3),
    /** Hold headers and buffer the body with flow control; what Higress plugins return while a callout is out. */
    STOP_ALL_ITERATION_AND_WATERMARK(4);

    private final int code;

    HeaderStatus(int code) {
        this.code = code;
    }

    /** The ABI value. */
    public int code() {
        return code;
    }

    /** True for every status that holds the stream until the plugin resumes or answers it. */
    public boolean isStop() {
        return this == STOP_ITERATION || this == STOP_ALL_ITERATION_AND_BUFFER
                || this == STOP_ALL_ITERATION_AND_WATERMARK;
    }
}
