package io.wasmjava.host;

import io.wasmjava.core.Headers;
import io.wasmjava.core.host.BufferType;
import io.wasmjava.core.host.HostStatus;
import io.wasmjava.core.host.HostStatusException;
import io.wasmjava.core.host.MapType;

/** Steps the host tests share. */
final class HostFixtures {
    private HostFixtures() {
    }

    /** A live stream with request headers, made effective as during its header callback. */
    static int streamInHeaderCallback(HostEmulator host, Headers headers) {
        host.createRootContext();
        int stream = host.createStream();
        host.streams.receive(stream, MapType.HTTP_REQUEST_HEADERS, headers);
        host.enterCallback(stream);
        return stream;
    }

    /** A live stream with a request body, made effective as during its body callback. */
    static int streamInBodyCallback(HostEmulator host, byte[] body) {
        host.createRootContext();
        int stream = host.createStream();
        host.streams.receive(stream, BufferType.HTTP_REQUEST_BODY, body);
        host.enterCallback(stream);
        return stream;
    }

    /** The status {@code call} fails with, or OK. */
    static HostStatus statusOf(Runnable call) {
        try {
            call.run();
        } catch (HostStatusException e) {
            return e.status();
        }
        return HostStatus.OK;
    }
}
