package io.wasmjava.bench.harness;

import io.wasmjava.host.HostEmulator;
import io.wasmjava.host.PluginEngine;
import io.wasmjava.host.WasmEngine;
import io.wasmjava.host.WasmExecution;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The cost of one host call as each engine binds the host functions: a hand-written module's {@code proxy_on_tick(n)}
 * calls {@code proxy_get_log_level} {@code n} times, and the time of the tick divided by {@code n} is the per-call
 * cost (the loop itself is a few instructions). Engines take turns in blocks, so a busy stretch of a shared machine
 * falls on each alike; the report gives each engine's median over the blocks.
 *
 * <p>Usage: {@code HostCallCost [--calls N] [--blocks N]} (defaults 200000 calls per block, 30 blocks).
 */
public final class HostCallCost {
    private HostCallCost() {
    }

    public static void main(String[] args) throws IOException {
        int calls = 200_000;
        int blocks = 30;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--calls" -> calls = Integer.parseInt(args[++i]);
                case "--blocks" -> blocks = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path module = Files.createTempFile("host-call-loop", ".wasm");
        try (InputStream in = HostCallCost.class.getResourceAsStream("host-call-loop.wasm")) {
            Files.write(module, in.readAllBytes());
        }
        List<WasmExecution> engines = new ArrayList<>();
        List<PluginEngine> running = new ArrayList<>();
        for (WasmExecution engine : List.of(WasmExecution.COMPILED, WasmExecution.V8)) {
            if (WasmEngine.unavailable(engine).isPresent()) {
                System.out.println("# " + engine + " skipped: " + WasmEngine.unavailable(engine).get());
                continue;
            }
            engines.add(engine);
            running.add(WasmEngine.factory(module, engine).create(new HostEmulator()));
        }
        double[][] nanosPerCall = new double[engines.size()][blocks];
        for (int warmup = 0; warmup < 5; warmup++) {
            for (PluginEngine engine : running) {
                engine.call(PluginEngine.Export.TICK, calls);
            }
        }
        for (int block = 0; block < blocks; block++) {
            for (int e = 0; e < running.size(); e++) {
                long start = System.nanoTime();
                running.get(e).call(PluginEngine.Export.TICK, calls);
                nanosPerCall[e][block] = (System.nanoTime() - start) / (double) calls;
            }
        }
        for (int e = 0; e < engines.size(); e++) {
            double[] sorted = nanosPerCall[e].clone();
            Arrays.sort(sorted);
            System.out.printf("%-9s median %.0f ns per host call (min %.0f, max %.0f) over %d blocks of %d calls%n",
                    engines.get(e), sorted[blocks / 2], sorted[0], sorted[blocks - 1], blocks, calls);
            running.get(e).close();
        }
        Files.delete(module);
    }
}
