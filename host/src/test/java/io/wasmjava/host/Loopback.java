package io.wasmjava.host;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Loopback addresses for tests of connection failures; shared with other modules' tests through the test jar. */
public final class Loopback {
    private Loopback() {
    }

    /** A loopback port nothing listens on: one just released. */
    public static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
