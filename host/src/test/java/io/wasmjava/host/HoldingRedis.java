package io.wasmjava.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A fake Redis that reads commands and answers {@code ECHO x} with {@code $n x}, but only once it holds
 * {@code batch} commands from the same connection; then it answers them all, in order. A client that waits for each
 * reply before it sends the next command never gets one. Serves one connection at a time. Shared with the devserver's
 * tests through this module's test jar.
 */
public final class HoldingRedis implements AutoCloseable {
    private final ServerSocket server;
    private final Thread thread;

    public HoldingRedis(int batch) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> serve(batch), "holding-redis");
        thread.setDaemon(true);
        thread.start();
    }

    /** Where it listens. */
    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", server.getLocalPort());
    }

    private void serve(int batch) {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                ByteArrayOutputStream received = new ByteArrayOutputStream();
                List<String> arguments = new ArrayList<>();
                byte[] chunk = new byte[4096];
                int framed = 0;
                while (arguments.size() < batch) {
                    int read = in.read(chunk);
                    if (read < 0) {
                        break;
                    }
                    received.write(chunk, 0, read);
                    byte[] bytes = received.toByteArray();
                    int end;
                    while ((end = RespFrames.endOfValue(bytes, framed, bytes.length)) >= 0) {
                        String command = new String(bytes, framed, end - framed, StandardCharsets.UTF_8);
                        String[] lines = command.split("\r\n");
                        arguments.add(lines[lines.length - 1]);
                        framed = end;
                    }
                }
                for (String argument : arguments) {
                    out.write(("$" + argument.length() + "\r\n" + argument + "\r\n")
                            .getBytes(StandardCharsets.UTF_8));
                }
                out.flush();
                // Keep the connection until the client closes it.
                while (in.read(chunk) >= 0) {
                    // Nothing more is answered.
                }
            } catch (IOException e) {
                // Closed.
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
