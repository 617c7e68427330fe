package io.wasmjava.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The script's pinned SHA-1. */
class FixedWindowScriptTest {
    @Test
    void scriptShaIsTheJdkShaOfTheScriptText() throws Exception {
        byte[] text = FixedWindowScript.TEXT.getBytes(StandardCharsets.UTF_8);

        assertThat(FixedWindowScript.SHA1)
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text)));
    }

    /**
     * Pins the script: a changed script gets a new SHA-1, so Redis servers will answer NOSCRIPT once per server. The
     * value was also checked with {@code redis-cli -x SCRIPT LOAD} against redis-server 7.
     */
    @Test
    void scriptShaIsPinned() {
        assertThat(FixedWindowScript.SHA1).isEqualTo("f75c2aea299a588315100cb2ffd6fdeff447312b");
    }
}
