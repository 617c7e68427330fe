package io.wasmjava.devserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OCI image layout of a plugin: digests, media types, one layer holding the module. */
class OciLayoutTest {
    @TempDir
    Path dir;

    @Test
    void writesAWellFormedWasmArtifactLayout() throws IOException {
        Path wasm = Fixtures.trapModule();
        Path out = dir.resolve("plugin-oci");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        int code = Main.run(new String[] {"oci", "--wasm", wasm.toString(), "--out", out.toString(),
            "--tar", dir.resolve("plugin.tar").toString(), "--ref-name", "1.0.0"}, new PrintStream(printed), System.err);

        assertThat(code).isZero();
        assertThat(Files.readString(out.resolve("oci-layout"))).isEqualTo("{\"imageLayoutVersion\":\"1.0.0\"}");
        JsonNode index = PluginConfigs.JSON.readTree(out.resolve("index.json").toFile());
        assertThat(index.path("schemaVersion").asInt()).isEqualTo(2);
        assertThat(index.path("manifests")).hasSize(1);
        JsonNode entry = index.path("manifests").get(0);
        assertThat(entry.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(entry.path("annotations").path("org.opencontainers.image.ref.name").asText()).isEqualTo("1.0.0");

        byte[] manifestBytes = blob(out, entry);
        JsonNode manifest = PluginConfigs.JSON.readTree(manifestBytes);
        assertThat(manifest.path("schemaVersion").asInt()).isEqualTo(2);
        assertThat(manifest.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        JsonNode config = manifest.path("config");
        assertThat(config.path("mediaType").asText()).isEqualTo("application/vnd.module.wasm.config.v1+json");
        assertThat(PluginConfigs.JSON.readTree(blob(out, config)).isObject()).isTrue();
        assertThat(manifest.path("layers")).hasSize(1);
        JsonNode layer = manifest.path("layers").get(0);
        assertThat(layer.path("mediaType").asText()).isEqualTo("application/vnd.module.wasm.content.layer.v1+wasm");
        assertThat(layer.path("annotations").path("org.opencontainers.image.title").asText()).isEqualTo("plugin.wasm");
        assertThat(blob(out, layer)).isEqualTo(Files.readAllBytes(wasm));

        try (Stream<Path> blobs = Files.list(out.resolve("blobs").resolve("sha256"))) {
            assertThat(blobs.count()).isEqualTo(3);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("tag 1.0.0");
    }

    @Test
    void theTarHoldsTheSameFilesAndIsReproducible() throws IOException {
        Path out = dir.resolve("layout");
        OciLayout.write(Fixtures.trapModule(), out, "latest");
        OciLayout.writeTar(out, dir.resolve("a.tar"));
        OciLayout.writeTar(out, dir.resolve("b.tar"));

        Map<String, byte[]> entries = untar(dir.resolve("a.tar"));

        assertThat(Files.readAllBytes(dir.resolve("a.tar"))).isEqualTo(Files.readAllBytes(dir.resolve("b.tar")));
        assertThat(entries.keySet()).contains("index.json", "oci-layout").hasSize(5);
        assertThat(entries.get("index.json")).isEqualTo(Files.readAllBytes(out.resolve("index.json")));
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
            if (entry.getKey().startsWith("blobs/sha256/")) {
                assertThat(OciLayout.sha256(entry.getValue())).isEqualTo(entry.getKey().substring(13));
            }
        }
    }

    @Test
    void refusesAFileThatIsNotWasm() throws IOException {
        Path notWasm = Files.writeString(dir.resolve("main.wasm"), "hello");

        assertThatThrownBy(() -> OciLayout.write(notWasm, dir.resolve("x"), "latest"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a WebAssembly module");
    }

    private static byte[] blob(Path layout, JsonNode descriptor) throws IOException {
        String digest = descriptor.path("digest").asText();
        assertThat(digest).startsWith("sha256:");
        byte[] content = Files.readAllBytes(layout.resolve("blobs").resolve("sha256").resolve(digest.substring(7)));
        assertThat(OciLayout.sha256(content)).isEqualTo(digest.substring(7));
        assertThat(descriptor.path("size").asLong()).isEqualTo(content.length);
        return content;
    }

    /** A minimal ustar reader: name (100 bytes), size (octal at 124), then the content in 512-byte blocks. */
    private static Map<String, byte[]> untar(Path tar) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(tar)) {
            while (true) {
                byte[] header = in.readNBytes(512);
                if (header.length < 512 || header[0] == 0) {
                    break;
                }
                assertThat(new String(header, 257, 5, StandardCharsets.US_ASCII)).isEqualTo("ustar");
                String name = new String(header, 0, 100, StandardCharsets.UTF_8).replace("\0", "");
                int size = Integer.parseInt(new String(header, 124, 11, StandardCharsets.US_ASCII).trim(), 8);
                entries.put(name, in.readNBytes(size));
                in.readNBytes((512 - size % 512) % 512);
            }
        }
        return entries;
    }
}
