package io.wasmjava.core;

/** The phase a request is in, as Higress's Go SDK numbers them. */
public enum ExecutionPhase {
    DECODE_HEADER,
    DECODE_DATA,
    ENCODE_HEADER,
    ENCODE_DATA,
    DONE
}
