package io.wasmjava.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Shared queues of a compiled module (the probe's {@code queue} probe) in an independent proxy-wasm host
 * (io.roastedroot:proxy-wasm-java-host 0.0.5, its {@code SimpleSharedQueueHandler}): register, resolve, enqueue,
 * dequeue until empty, and {@code proxy_on_queue_ready} reaching the listener.
 */
class SharedQueueInteropWasmIT {
    private static final Path PROBE = RoastedrootHost.module("target/main.wasm");

    @Test
    void registersEnqueuesAndDrainsOnQueueReady() throws Exception {
        try (RoastedrootHost host = RoastedrootHost.start(PROBE, "{}")) {
            String first = host.request(":path", "/q", "x-probe", "queue", "x-operand", "7").localBodyText();
            String second = host.request(":path", "/q", "x-probe", "queue", "x-operand", "8").localBodyText();
            assertThat(first).as("logs: %s", host.logs).isNotNull();
            int queueId = Integer.parseInt(first.split(" ")[1]);

            host.sendOnQueueReady(queueId);
            host.sendOnQueueReady(queueId);

            assertThat(List.of(first, second)).containsExactly(
                    "registered " + queueId + " resolved " + queueId + " enqueued true unknown null",
                    "registered " + queueId + " resolved " + queueId + " enqueued true unknown null");
            assertThat(queueId).isNotZero();
            assertThat(host.logs).endsWith("INFO [probe-plugin] [nil] [nil] queue " + queueId + ": [entry-7, entry-8]",
                    "INFO [probe-plugin] [nil] [nil] queue " + queueId + ": []");
        }
    }
}
