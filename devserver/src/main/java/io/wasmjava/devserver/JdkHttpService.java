package io.wasmjava.devserver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small HTTP service on the JDK's HTTP server, with its own daemon threads: the gateway's admin listener, and the
 * demo's and the tests' echo upstream and token service. Subclasses answer in {@link #handle}; {@link #listen}
 * starts serving, after the subclass's fields are set.
 */
abstract class JdkHttpService implements AutoCloseable {
    private HttpServer server;
    private ExecutorService executor;

    /**
     * Starts serving on {@code address} with {@code threads} threads named after {@code name}; returns this.
     *
     * @throws UncheckedIOException {@code "cannot listen on <name> address <address>: <reason>"} if the address
     *     cannot be bound
     */
    final <S extends JdkHttpService> S listen(InetSocketAddress address, int backlog, int threads, String name) {
        Gateway.configureJdkHttp();
        try {
            server = HttpServer.create(address, backlog);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + name + " address " + address + ": " + e.getMessage(),
                    e);
        }
        executor = Executors.newFixedThreadPool(threads, Gateway.daemonThreads(name));
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
        @SuppressWarnings("unchecked")
        S self = (S) this;
        return self;
    }

    /** Answers one request; runs on the service's threads. */
    abstract void handle(HttpExchange exchange) throws IOException;

    final int port() {
        return server.getAddress().getPort();
    }

    final InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
