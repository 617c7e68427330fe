package io.wasmjava.devserver;

import java.net.URI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link EchoServer} shared by the tests of a class: register it as a {@code static} field with
 * {@code @RegisterExtension}; it starts before the first test on any free loopback port and stops after the last.
 */
final class EchoUpstream implements BeforeAllCallback, AfterAllCallback {
    private EchoServer echo;

    @Override
    public void beforeAll(ExtensionContext context) {
        echo = EchoServer.start(0);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        echo.close();
    }

    /** The upstream URI to give the gateway. */
    URI uri() {
        return echo.uri();
    }

    int port() {
        return echo.port();
    }

    /** How many requests reached the upstream since it started. */
    long requests() {
        return echo.requests();
    }
}
