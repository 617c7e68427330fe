package io.wasmjava.devserver;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a plugin as an OCI image layout (a directory, optionally also a tar of it), without Docker, in the format
 * Higress and Istio pull for {@code oci://} plugin URLs: the Wasm OCI artifact, called the {@code oci} variant of the
 * Wasm image spec (solo-io/wasm {@code spec/spec.md}), which Istio's {@code pkg/wasm} image fetcher accepts next to
 * the Docker-image {@code compat} variant and which Higress's own plugin build pushes with
 * {@code oras push ... config.json:application/vnd.module.wasm.config.v1+json plugin.wasm:application/vnd.module.wasm.content.layer.v1+wasm}:
 *
 * <ul>
 *   <li>an image manifest ({@code application/vnd.oci.image.manifest.v1+json}) whose config has media type
 *       {@value #CONFIG_MEDIA_TYPE} and whose single layer, media type {@value #LAYER_MEDIA_TYPE}, is the raw
 *       module bytes (uncompressed, annotated with the file name {@code plugin.wasm});</li>
 *   <li>{@code oci-layout}, {@code index.json} (the manifest, tagged with {@code org.opencontainers.image.ref.name})
 *       and {@code blobs/sha256/<digest>} for the config, the layer and the manifest.</li>
 * </ul>
 *
 * <p>Push it with {@code oras cp --from-oci-layout plugin-oci:1.0.0 registry/ns/plugin:1.0.0} or
 * {@code skopeo copy oci:plugin-oci:1.0.0 docker://registry/ns/plugin:1.0.0}. Output is byte-for-byte reproducible.
 */
final class OciLayout {
    static final String MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
    static final String CONFIG_MEDIA_TYPE = "application/vnd.module.wasm.config.v1+json";
    static final String LAYER_MEDIA_TYPE = "application/vnd.module.wasm.content.layer.v1+wasm";
    static final String LAYER_FILE_NAME = "plugin.wasm";

    private OciLayout() {
    }

    /** {@code oci --wasm main.wasm --out dir [--tar file] [--ref-name tag]}. */
    static int run(String[] args, PrintStream out) {
        Map<String, String> options = Main.options(args, "oci", "--wasm", "--out", "--tar", "--ref-name", "--tag");
        if (!options.containsKey("--wasm") || !options.containsKey("--out")) {
            throw new IllegalArgumentException("oci needs --wasm and --out\n" + Main.USAGE);
        }
        Path wasm = Path.of(options.get("--wasm"));
        Path dir = Path.of(options.get("--out"));
        Path tar = options.containsKey("--tar") ? Path.of(options.get("--tar")) : null;
        // --tag is accepted as another name for --ref-name (the usage shows only --ref-name).
        String refName = options.getOrDefault("--ref-name", options.getOrDefault("--tag", "latest"));
        try {
            String digest = write(wasm, dir, refName);
            out.println("wrote OCI image layout " + dir + " (manifest " + digest + ", tag " + refName + ")");
            if (tar != null) {
                writeTar(dir, tar);
                out.println("wrote " + tar);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        return 0;
    }

    /**
     * Writes the layout for {@code wasm} into {@code dir} (created if needed; existing blobs are kept) and returns
     * the manifest's digest ({@code sha256:...}).
     *
     * @throws IllegalArgumentException if {@code wasm} does not start with the Wasm magic number
     */
    static String write(Path wasm, Path dir, String refName) throws IOException {
        byte[] module = Files.readAllBytes(wasm);
        if (module.length < 8 || module[0] != 0 || module[1] != 'a' || module[2] != 's' || module[3] != 'm') {
            throw new IllegalArgumentException(wasm + " is not a WebAssembly module (no \\0asm header)");
        }
        Path blobs = dir.resolve("blobs").resolve("sha256");
        Files.createDirectories(blobs);

        ObjectNode config = PluginConfigs.JSON.createObjectNode();
        config.put("type", "envoy_proxy");
        config.putArray("abiVersions").add("v0.2.1");
        config.putObject("config").putArray("rootIds");
        byte[] configBytes = PluginConfigs.toJson(config).getBytes(StandardCharsets.UTF_8);
        String configDigest = writeBlob(blobs, configBytes);
        String layerDigest = writeBlob(blobs, module);

        ObjectNode manifest = PluginConfigs.JSON.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MANIFEST_MEDIA_TYPE);
        manifest.set("config", descriptor(CONFIG_MEDIA_TYPE, configDigest, configBytes.length));
        ObjectNode layer = descriptor(LAYER_MEDIA_TYPE, layerDigest, module.length);
        layer.putObject("annotations").put("org.opencontainers.image.title", LAYER_FILE_NAME);
        manifest.putArray("layers").add(layer);
        byte[] manifestBytes = PluginConfigs.toJson(manifest).getBytes(StandardCharsets.UTF_8);
        String manifestDigest = writeBlob(blobs, manifestBytes);

        ObjectNode index = PluginConfigs.JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", "application/vnd.oci.image.index.v1+json");
        ObjectNode entry = descriptor(MANIFEST_MEDIA_TYPE, manifestDigest, manifestBytes.length);
        entry.putObject("annotations").put("org.opencontainers.image.ref.name", refName);
        ArrayNode manifests = index.putArray("manifests");
        manifests.add(entry);
        Files.writeString(dir.resolve("index.json"), PluginConfigs.toJson(index));
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        return manifestDigest;
    }

    private static ObjectNode descriptor(String mediaType, String digest, long size) {
        ObjectNode descriptor = PluginConfigs.JSON.createObjectNode();
        descriptor.put("mediaType", mediaType);
        descriptor.put("digest", digest);
        descriptor.put("size", size);
        return descriptor;
    }

    private static String writeBlob(Path blobs, byte[] content) throws IOException {
        String hex = sha256(content);
        Files.write(blobs.resolve(hex), content);
        return "sha256:" + hex;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the layout directory as an uncompressed POSIX tar (the {@code oci-archive:} format), entries sorted. */
    static void writeTar(Path dir, Path tar) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        if (tar.getParent() != null) {
            Files.createDirectories(tar.getParent());
        }
        try (OutputStream out = Files.newOutputStream(tar)) {
            for (Path file : files) {
                String name = dir.relativize(file).toString().replace('\\', '/');
                byte[] content = Files.readAllBytes(file);
                out.write(tarHeader(name, content.length));
                out.write(content);
                out.write(new byte[(512 - content.length % 512) % 512]);
            }
            out.write(new byte[1024]);
        }
    }

    private static byte[] tarHeader(String name, long size) {
        byte[] header = new byte[512];
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > 100) {
            throw new IllegalArgumentException("tar entry name too long: " + name);
        }
        System.arraycopy(nameBytes, 0, header, 0, nameBytes.length);
        octal(header, 100, 8, 0644);
        octal(header, 108, 8, 0);
        octal(header, 116, 8, 0);
        octal(header, 124, 12, size);
        octal(header, 136, 12, 0);
        header[156] = '0';
        byte[] magic = "ustar\u000000".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, header, 257, magic.length);
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        long checksum = 0;
        for (byte b : header) {
            checksum += b & 0xff;
        }
        byte[] sum = String.format("%06o", checksum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(sum, 0, header, 148, sum.length);
        header[154] = 0;
        header[155] = ' ';
        return header;
    }

    private static void octal(byte[] header, int offset, int length, long value) {
        String text = String.format("%0" + (length - 1) + "o", value);
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
        header[offset + length - 1] = 0;
    }
}
