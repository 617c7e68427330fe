package io.wasmjava.host;

import java.nio.charset.StandardCharsets;

/** Something the plugin sent with a body of bytes: a local response, or an HTTP call pending or recorded. */
public interface HasBody {
    /** The body; a copy the caller owns. */
    byte[] body();

    /** The body decoded as UTF-8 (malformed bytes become U+FFFD). */
    default String bodyText() {
        return new String(body(), StandardCharsets.UTF_8);
    }
}
