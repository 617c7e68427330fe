package io.wasmjava.devserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Main#options}, the option reader of the subcommands (echo, loadgen, oci, demo). */
class SubcommandOptionsTest {
    private static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void readsNameValuePairsAndARepeatedOptionKeepsItsLastValue() {
        Map<String, String> options = Main.options(new String[] {"--url", "http://a", "--seconds", "2", "--url",
            "http://b"}, "loadgen", "--url", "--seconds", "--warmup");

        assertThat(options).isEqualTo(Map.of("--url", "http://b", "--seconds", "2"));
    }

    @Test
    void aFlagTakesNoValue() {
        Map<String, String> options = Main.options(new String[] {"--check", "--limit", "3"}, "demo",
                List.of("--check"), "--limit");

        assertThat(options).isEqualTo(Map.of("--check", "true", "--limit", "3"));
    }

    @Test
    void refusesAnUnknownOptionNamingTheSubcommand() {
        assertThatThrownBy(() -> Main.options(new String[] {"--port", "1"}, "echo", "--listen"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown echo option --port\n" + Main.USAGE);
    }

    @Test
    void refusesAnOptionWithoutItsValue() {
        assertThatThrownBy(() -> Main.options(new String[] {"--listen"}, "echo", "--listen"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--listen needs a value");
    }

    @Test
    void demoRefusesALimitBelowOneBeforeStartingAnything() {
        assertThatThrownBy(() -> Demo.run(new String[] {"--limit", "0", "--check"}, NOWHERE, NOWHERE))
                .hasMessage("--limit must be at least 1");
    }

    @Test
    void loadgenNeedsALoopbackUrl() {
        assertThatThrownBy(() -> LoadGen.run(new String[] {"--seconds", "1"}, NOWHERE))
                .hasMessage("loadgen needs --url");
        assertThatThrownBy(() -> LoadGen.run(new String[] {"--url", "http://example.com/"}, NOWHERE))
                .hasMessage("loadgen only targets loopback addresses, not example.com");
    }
}
