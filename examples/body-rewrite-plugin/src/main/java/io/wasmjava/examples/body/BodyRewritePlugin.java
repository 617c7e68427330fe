package io.wasmjava.examples.body;

import io.wasmjava.core.DataStatus;
import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Limits;
import io.wasmjava.core.Plugin;
import io.wasmjava.core.Utf8;
import io.wasmjava.core.config.ConfigNode;

/**
 * Replaces every occurrence of {@code from} with {@code to} in request bodies: {@code {"from": "secret", "to":
 * "******"}}. The body is buffered whole and rewritten as bytes (no text copy of it), so the module holds about
 * twice the body while it works.
 *
 * <p>Bodies over {@value #MAX_BODY_MIB} MiB are answered {@code 413 Payload Too Large} without reaching the
 * handler ({@link Limits}); a body the module's heap cannot hold at that moment is answered the same way. Envoy's own
 * buffer limit (per_connection_buffer_limit_bytes, 1 MiB by default) applies first: raise it for large bodies.
 */
public final class BodyRewritePlugin {
    static final int MAX_BODY_MIB = 32;

    private BodyRewritePlugin() {
    }

    /** The parsed configuration: non-empty {@code from}, any {@code to}. */
    public static final class Config {
        private final byte[] from;
        private final byte[] to;

        Config(byte[] from, byte[] to) {
            this.from = from;
            this.to = to;
        }

        static Config parse(ConfigNode json) {
            String from = json.string("from");
            if (from.isEmpty()) {
                throw json.error("from", "must not be empty");
            }
            return new Config(Utf8.encode(from), Utf8.encode(json.string("to")));
        }

        /** {@code body} with every non-overlapping occurrence of {@code from} replaced, or {@code body} itself if none. */
        byte[] rewrite(byte[] body) {
            int count = 0;
            for (int i = indexOf(body, 0); i >= 0; i = indexOf(body, i + from.length)) {
                count++;
            }
            if (count == 0) {
                return body;
            }
            byte[] out = new byte[body.length + count * (to.length - from.length)];
            int read = 0;
            int written = 0;
            for (int i = indexOf(body, 0); i >= 0; i = indexOf(body, i + from.length)) {
                System.arraycopy(body, read, out, written, i - read);
                written += i - read;
                System.arraycopy(to, 0, out, written, to.length);
                written += to.length;
                read = i + from.length;
            }
            System.arraycopy(body, read, out, written, body.length - read);
            return out;
        }

        private int indexOf(byte[] body, int start) {
            byte first = from[0];
            int last = body.length - from.length;
            for (int i = start; i <= last; i++) {
                if (body[i] != first) {
                    continue;
                }
                int j = 1;
                while (j < from.length && body[i + j] == from[j]) {
                    j++;
                }
                if (j == from.length) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** The plugin as deployed: bodies over {@value #MAX_BODY_MIB} MiB are answered 413. */
    public static Plugin<Config> definition() {
        return definition(Limits.newBuilder()
                .maxBodyBytes(MAX_BODY_MIB * 1024L * 1024L)
                .bodyOverflow(Limits.BodyOverflow.REJECT)
                .build());
    }

    /** The plugin with other limits, e.g. {@link Limits.BodyOverflow#PASS_THROUGH} to forward large bodies as they are. */
    public static Plugin<Config> definition(Limits limits) {
        return Plugin.builder("body-rewrite")
                .limits(limits)
                .parseConfig((json, plugin) -> Config.parse(json))
                .onRequestHeaders((http, config) -> {
                    // The body's length may change: Envoy recomputes it only if the header is gone.
                    if (http.hasRequestBody()) {
                        http.removeRequestHeader("content-length");
                    }
                    return HeaderStatus.CONTINUE;
                })
                .onRequestBody((http, config, body) -> {
                    byte[] rewritten = config.rewrite(body);
                    if (rewritten != body) {
                        http.replaceRequestBody(rewritten);
                    }
                    return DataStatus.CONTINUE;
                })
                .build();
    }
}
