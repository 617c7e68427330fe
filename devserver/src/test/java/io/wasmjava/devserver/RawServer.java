package io.wasmjava.devserver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A loopback server that answers every connection with fixed bytes (after reading the request head) and then
 * closes it, or stays silent: for the failure shapes real services produce (a reset inside the body, no answer).
 */
final class RawServer implements AutoCloseable {
    private final ServerSocket socket;
    private final Thread thread;

    private RawServer(byte[] answer) throws IOException {
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.thread = new Thread(() -> serve(answer), "raw-server");
        thread.setDaemon(true);
        thread.start();
    }

    /** Answers {@code answer} (null: nothing, the connection stays open until closed) and closes. */
    static RawServer answering(String answer) throws IOException {
        return new RawServer(answer == null ? null : answer.getBytes(StandardCharsets.US_ASCII));
    }

    private void serve(byte[] answer) {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                if (answer == null) {
                    continue;
                }
                InputStream in = connection.getInputStream();
                int matched = 0;
                byte[] end = {'\r', '\n', '\r', '\n'};
                while (matched < 4) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
                }
                OutputStream out = connection.getOutputStream();
                out.write(answer);
                out.flush();
                connection.close();
            } catch (IOException e) {
                // Closed.
            }
        }
    }

    int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
