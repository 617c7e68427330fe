package io.wasmjava.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.host.HttpStream;
import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;
import org.junit.jupiter.api.Test;

/**
 * The compiled module keeps nothing of a request that ended while it waited for a token fetch: with a token service
 * that never answers, requests arrive, wait and are ended by the host (the client gives up), and the module's linear
 * memory stays the same size. Before the waiter list released ended requests, each one stayed reachable (about 570
 * bytes of linear memory per request measured on the old module: 16.4 MB to 50.3 MB over 60,000 requests); with the
 * default 128 MiB heap the old module stopped holding requests for the token after about 336,000 (its allocations
 * failed), long before the 1,000,000 driven here.
 *
 * <p>The build drives {@value #DEFAULT_REQUESTS} requests after a warm-up of {@value #WARM_UP_REQUESTS};
 * {@code -Dwasmjava.memory.requests=N} changes the count.
 */
class TokenPluginMemoryWasmIT {
    static final String REQUESTS_PROPERTY = "wasmjava.memory.requests";
    static final int WARM_UP_REQUESTS = 20_000;
    /** Measured: about 13 s on a 2-core machine (about 13 µs per request on Chicory's compiler). */
    static final int DEFAULT_REQUESTS = 1_000_000;
    /** The largest timeout the configuration allows: the fetch stays out for the whole test. */
    static final String HUNG_SERVICE = "{\"serviceName\":\"token.static\",\"servicePort\":80,\"requestPath\":\"/token\","
            + "\"tokenJsonPath\":\"data.access_token\",\"injectFormat\":\"Bearer {token}\",\"timeoutMillis\":600000}";
    static final Headers REQUEST = Headers.of(":authority", "api.example", ":method", "GET", ":path", "/orders",
            ":scheme", "https", "x-request-id", "req-1");

    @Test
    void linearMemoryStaysFlatWhileEndedRequestsPileUpBehindAFetchThatNeverAnswers() {
        int requests = Integer.getInteger(REQUESTS_PROPERTY, DEFAULT_REQUESTS);
        try (PluginHarness harness = PluginHarness.builder(Engines.wasm(Engines.mainWasm()))
                .config(HUNG_SERVICE).retainHistory(false).build()) {
            assertThat(harness.start()).isTrue();
            drive(harness, WARM_UP_REQUESTS);
            long afterWarmUp = harness.engine().memoryBytes();
            long startNanos = System.nanoTime();

            drive(harness, requests);

            long elapsedMillis = (System.nanoTime() - startNanos) / 1_000_000;
            long atEnd = harness.engine().memoryBytes();
            System.out.println("[TokenPluginMemoryWasmIT] " + requests + " requests after " + WARM_UP_REQUESTS
                    + " warm-up: linear memory " + afterWarmUp + " -> " + atEnd + " bytes, " + elapsedMillis + " ms");
            assertThat(atEnd).as("linear memory after %d more requests", requests).isEqualTo(afterWarmUp);
            assertThat(harness.pendingHttpCalls()).as("the one fetch, never answered").hasSize(1);
        }
    }

    /** {@code count} requests that each wait for the token, then end (the client gave up). */
    private static void drive(PluginHarness harness, int count) {
        for (int i = 0; i < count; i++) {
            HttpStream stream = harness.newStream();
            HeaderStatus status = stream.requestHeaders(REQUEST, true);
            if (status != HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK) {
                throw new AssertionError("request " + i + " was not held for the token: " + status);
            }
            stream.complete();
        }
    }
}
