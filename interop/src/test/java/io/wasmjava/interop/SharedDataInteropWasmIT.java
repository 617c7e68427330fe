package io.wasmjava.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.roastedroot.proxywasm.SimpleSharedDataHandler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shared-data API and leader election of {@code shared-data.wasm} (interop's {@code SharedDataPlugin}) in
 * io.roastedroot:proxy-wasm-java-host 0.0.5: two VMs on one {@link SimpleSharedDataHandler}, whose rules differ from
 * Envoy's (read from its 0.0.5 bytecode: a new key gets version 1 and each key counts its own versions; a write with
 * a version other than 0 to a missing key is {@code CAS_MISMATCH}, where Envoy inserts), and a VM on the default
 * handler, which answers {@code UNIMPLEMENTED}.
 */
class SharedDataInteropWasmIT {
    private static final Path MODULE = RoastedrootHost.module("target/shared-data.wasm");

    private static String run(RoastedrootHost vm, String op, String... headers) {
        String[] request = new String[8 + headers.length];
        System.arraycopy(new String[] {":authority", "example.com", ":path", "/", ":method", "GET", "x-op", op}, 0,
                request, 0, 8);
        System.arraycopy(headers, 0, request, 8, headers.length);
        RoastedrootHost.Exchange exchange = vm.request(request);
        assertThat(exchange.localStatus).isEqualTo(200);
        return exchange.localBodyText();
    }

    @Test
    void twoVmsShareValuesVersionsAndCompareAndSet() throws Exception {
        SimpleSharedDataHandler store = new SimpleSharedDataHandler();
        try (RoastedrootHost a = RoastedrootHost.start(MODULE, "{}", new ArrayList<>(), store);
                RoastedrootHost b = RoastedrootHost.start(MODULE, "{}", new ArrayList<>(), store)) {
            assertThat(run(b, "get", "x-key", "k")).isEqualTo("missing");
            assertThat(run(a, "set", "x-key", "k", "x-value", "v1")).isEqualTo("ok");
            assertThat(run(b, "get", "x-key", "k")).isEqualTo("value=v1 cas=1");

            assertThat(run(a, "cas", "x-key", "k", "x-value", "from a", "x-cas", "1")).isEqualTo("true");
            assertThat(run(b, "cas", "x-key", "k", "x-value", "from b", "x-cas", "1")).isEqualTo("false");
            assertThat(run(b, "get", "x-key", "k")).isEqualTo("value=from a cas=2");
        }
    }

    @Test
    void insertOnlyFallsBackToAnUnconditionalWriteWhereAVersionIsRefusedForAMissingKey() throws Exception {
        SimpleSharedDataHandler store = new SimpleSharedDataHandler();
        try (RoastedrootHost a = RoastedrootHost.start(MODULE, "{}", new ArrayList<>(), store);
                RoastedrootHost b = RoastedrootHost.start(MODULE, "{}", new ArrayList<>(), store)) {
            assertThat(run(a, "cas", "x-key", "n", "x-value", "from a", "x-cas", "none")).isEqualTo("true");
            assertThat(run(b, "cas", "x-key", "n", "x-value", "from b", "x-cas", "none")).isEqualTo("false");
            assertThat(run(b, "get", "x-key", "n")).isEqualTo("value=from a cas=1");

            assertThat(run(a, "increment", "x-key", "hits", "x-attempts", "3")).isEqualTo("WRITTEN 1");
            assertThat(run(b, "increment", "x-key", "hits", "x-attempts", "3")).isEqualTo("WRITTEN 2");
        }
    }

    @Test
    void oneOfTwoVmsLeads() throws Exception {
        SimpleSharedDataHandler store = new SimpleSharedDataHandler();
        try (RoastedrootHost a = RoastedrootHost.start(MODULE, "{\"vmId\": \"A\"}", new ArrayList<>(), store);
                RoastedrootHost b = RoastedrootHost.start(MODULE, "{\"vmId\": \"B\"}", new ArrayList<>(), store)) {
            assertThat(run(a, "elect")).isEqualTo("true");
            assertThat(run(b, "elect")).isEqualTo("false");
            assertThat(run(a, "elect")).isEqualTo("true");
            assertThat(run(b, "get", "x-key", "higress_wasm_vm_lease:")).startsWith("value={\"vmID\":\"A\",\"timestamp\":");
        }
    }

    @Test
    void aHostWithoutSharedDataNeverElectsAndSaysWhy() throws Exception {
        List<String> logs = new ArrayList<>();
        try (RoastedrootHost a = RoastedrootHost.start(MODULE, "{\"vmId\": \"A\"}", logs)) {
            assertThat(run(a, "elect")).isEqualTo("false");

            assertThat(logs).contains(
                    "ERROR [shared-data] [nil] [nil] leader election: proxy_get_shared_data: UNIMPLEMENTED");
        }
    }
}
