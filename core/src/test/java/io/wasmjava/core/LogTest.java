package io.wasmjava.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.core.runtime.RecordingHost;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Log}'s templates, sensitive arguments and safe-log mode over a recording host. */
class LogTest {
    private final RecordingHost host = new RecordingHost();

    private List<String> lines() {
        List<String> lines = new ArrayList<>();
        host.logs.forEach(record -> lines.add(record[0] + " " + record[1]));
        return lines;
    }

    @Test
    void fillsPlaceholdersInOrderAndLeavesExtraOnes() {
        Log log = new Log(host, "p", null, "r-1");

        log.info("a={} b={} c={}", 1, null);
        log.warn("no placeholders", "ignored");
        log.error("{}{}", "x", "y", "z");

        assertThat(lines()).containsExactly("INFO [p] [nil] [r-1] a=1 b=null c={}", "WARN [p] [nil] [r-1] no placeholders",
                "ERROR [p] [nil] [r-1] xy");
    }

    @Test
    void formatsNothingBelowTheHostsLevel() {
        host.level = LogLevel.WARN;
        Log log = new Log(host, "p", null, null);
        Object exploding = new Object() {
            @Override
            public String toString() {
                throw new AssertionError("formatted although the level is disabled");
            }
        };

        log.debug("{}", exploding);
        log.info("{}", exploding);

        assertThat(host.logs).isEmpty();
    }

    @Test
    void masksSensitiveArgumentsAboveDebugOnly() {
        Log log = new Log(host, "p", null, null);
        Object token = Log.sensitive("s3cr3t");

        log.trace("token {}", token);
        log.debug("token {}", token);
        log.info("token {}", token);
        log.critical("token " + token);

        assertThat(lines()).containsExactly("TRACE [p] [nil] [nil] token s3cr3t", "DEBUG [p] [nil] [nil] token s3cr3t",
                "INFO [p] [nil] [nil] token <redacted>", "CRITICAL [p] [nil] [nil] token <redacted>");
    }

    @Test
    void writesUnsafeMessagesAtInfoOutsideSafeLogMode() {
        Log log = new Log(host, "p", null, null);

        log.unsafeInfo("body {}", "b");
        log.unsafeInfo("plain");

        assertThat(lines()).containsExactly("INFO [p] [nil] [nil] body b", "INFO [p] [nil] [nil] plain");
        assertThat(log.isSafeLog()).isFalse();
    }

    @Test
    void demotesUnsafeMessagesAndMasksEverywhereInSafeLogMode() {
        Log log = new Log(host, "p", null, null, true);

        log.unsafeInfo("body {}", "b");
        log.unsafeInfo("plain");
        log.debug("token {}", Log.sensitive("s3cr3t"));

        assertThat(lines()).containsExactly("DEBUG [p] [nil] [nil] \nbody b", "DEBUG [p] [nil] [nil] \nplain",
                "DEBUG [p] [nil] [nil] token <redacted>");
    }
}
