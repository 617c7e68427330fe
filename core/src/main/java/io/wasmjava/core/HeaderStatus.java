package io.wasmjava.core;

/**
 * What a header phase tells the host, mirroring Envoy's {@code FilterHeadersStatus}. Values are the ABI numbers
 * Higress's Go SDK uses ({@code types.HeaderContinue} … {@code HeaderStopAllIterationAndWatermark}).
 */
public enum HeaderStatus {
    /** Pass the headers on. */
    CONTINUE,
    /** Hold the headers; later body data still reaches the plugin. Resume with {@code resumeRequest()}. */
    STOP_ITERATION,
    /** Pass the headers on and end the stream. */
    CONTINUE_AND_END_STREAM,
    /** Hold headers and buffer the body until resumed. */
    STOP_ALL_ITERATION_AND_BUFFER,
    /** Hold headers and buffer the body with flow control; what Higress plugins return while a callout is out. */
    STOP_ALL_ITERATION_AND_WATERMARK;

    /** The ABI value: the constants are declared in ABI order, so it is the ordinal. */
    public int code() {
        return ordinal();
    }

    /** True for every status that holds the stream until the plugin resumes or answers it. */
    public boolean isStop() {
        return this == STOP_ITERATION || this == STOP_ALL_ITERATION_AND_BUFFER
                || this == STOP_ALL_ITERATION_AND_WATERMARK;
    }
}
