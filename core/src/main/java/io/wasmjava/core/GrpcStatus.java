package io.wasmjava.core;

/**
 * The gRPC status codes (grpc/grpc {@code doc/statuscodes.md}), for a local response to a gRPC request
 * ({@link HttpContext#sendLocalResponse(int, String, Headers, byte[], GrpcStatus)}).
 */
public enum GrpcStatus {
    OK,
    CANCELLED,
    UNKNOWN,
    INVALID_ARGUMENT,
    DEADLINE_EXCEEDED,
    NOT_FOUND,
    ALREADY_EXISTS,
    PERMISSION_DENIED,
    RESOURCE_EXHAUSTED,
    FAILED_PRECONDITION,
    ABORTED,
    OUT_OF_RANGE,
    UNIMPLEMENTED,
    INTERNAL,
    UNAVAILABLE,
    DATA_LOSS,
    UNAUTHENTICATED;

    /** The wire value ({@code grpc-status}): the constants are declared in code order, so it is the ordinal. */
    public int code() {
        return ordinal();
    }
}
