package io.wasmjava.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The README's main job: {@code devserver demo}, checked end to end (token injected, 429 after the limit). */
class DemoIT {
    @Test
    @Timeout(120)
    void demoShowsTheInjectedTokenAndTheLimit() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = Main.run(new String[] {"demo", "--listen", "127.0.0.1:0", "--limit", "3", "--check"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("curl -s http://127.0.0.1:")
                .contains("upstream saw authorization: Bearer demo-token-")
                .contains("[200, 200, 200, 429]")
                .contains("demo check passed");
        assertThat(code).as(printed + err.toString(StandardCharsets.UTF_8)).isZero();
    }
}
