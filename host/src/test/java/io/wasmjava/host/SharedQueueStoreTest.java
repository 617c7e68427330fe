package io.wasmjava.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.core.host.HostStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Envoy's shared-queue semantics (proxy-wasm-cpp-host {@code src/shared_queue.cc}), as
 * {@code docs/proxy-wasm-state.md} §2.3 and vector 7 of §2.5 state them, across the VMs that share one store.
 */
class SharedQueueStoreTest {
    private final SharedQueueStore store = new SharedQueueStore();
    private final List<String> heard = new ArrayList<>();

    @Test
    void registeringAgainReturnsTheSameTokenKeepsTheDataAndNotifiesTheLatestRegistrant() {
        int first = store.register("", "q", token -> heard.add("a " + token));
        store.enqueue(first, bytes("x"));

        int again = store.register("", "q", token -> heard.add("b " + token));
        store.enqueue(again, bytes("y"));

        assertThat(again).isEqualTo(first);
        assertThat(heard).containsExactly("a 1", "b 1");
        assertThat(List.of(text(store.dequeue(first)), text(store.dequeue(first)))).containsExactly("x", "y");
    }

    @Test
    void tokensComeFromOneCounterForEveryVmIdAndName() {
        List<Integer> tokens = List.of(store.register("", "a", token -> { }), store.register("", "b", token -> { }),
                store.register("vm2", "a", token -> { }), store.register("", "a", token -> { }));

        assertThat(tokens).containsExactly(1, 2, 3, 1);
    }

    @Test
    void resolvesByVmIdAndName() {
        store.register("vm2", "q", token -> { });

        assertThat(List.of(store.resolve("vm2", "q"), store.resolve("", "q"), store.resolve("vm2", "other")))
                .containsExactly(1, 0, 0);
    }

    @Test
    void aDequeueFromAnEmptyQueueIsNullAndAnUnknownTokenIsNotFound() {
        int token = store.register("", "q", queue -> heard.add("told " + queue));

        assertThat(store.dequeue(token)).isNull();
        assertThat(HostFixtures.statusOf(() -> store.dequeue(7))).isEqualTo(HostStatus.NOT_FOUND);
        assertThat(HostFixtures.statusOf(() -> store.enqueue(7, bytes("x")))).isEqualTo(HostStatus.NOT_FOUND);
        assertThat(heard).isEmpty();
    }

    /**
     * Two emulators on one store, as two workers: B resolves A's queue and enqueues; A's owner hears of it and A's
     * plugin would be called on A's thread. Here the listener only records which host was told.
     */
    @Test
    void anEnqueueByAnotherHostIsPostedToTheRegistrantHost() {
        HostEmulator registrant = new HostEmulator(HostOptions.TEST,
                new ProcessStores(new SharedDataStore(), store, new MetricStore()));
        HostEmulator sender = new HostEmulator(HostOptions.TEST,
                new ProcessStores(new SharedDataStore(), store, new MetricStore()));
        registrant.setQueueReadyListener(() -> heard.add("registrant"));
        sender.setQueueReadyListener(() -> heard.add("sender"));
        int token = registrant.registerSharedQueue("q");

        sender.enqueueSharedQueue(sender.resolveSharedQueue("", "q"), bytes("x"));

        assertThat(heard).containsExactly("registrant");
        assertThat(List.of(registrant.takeQueueReady(), sender.takeQueueReady()))
                .containsExactly(List.of(token), List.of());
        assertThat(text(registrant.dequeueSharedQueue(token))).isEqualTo("x");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
