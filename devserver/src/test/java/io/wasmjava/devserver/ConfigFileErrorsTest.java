package io.wasmjava.devserver;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the command line says about configuration files it cannot use: the file, and what is wrong with it. */
class ConfigFileErrorsTest {
    @TempDir
    Path dir;

    /** "static_resources:\n  # caf" then 0xE9 (Latin-1 é, not UTF-8) then "\n". */
    private Path latin1File(String name) throws IOException {
        Path file = dir.resolve(name);
        byte[] text = "static_resources:\n  # caf".getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[text.length + 2];
        System.arraycopy(text, 0, bytes, 0, text.length);
        bytes[text.length] = (byte) 0xE9;
        bytes[text.length + 1] = '\n';
        Files.write(file, bytes);
        return file;
    }

    @Test
    void envoyYamlThatIsNotUtf8NamesTheFileAndTheByteOffset() throws IOException {
        Path file = latin1File("envoy.yaml");

        assertThatThrownBy(() -> Main.parseRun(new String[] {file.toString()}))
                .hasMessage(file + ": not valid UTF-8: byte 0xE9 at offset 25 (line 2, column 8) does not start a "
                        + "valid UTF-8 sequence; save the file as UTF-8");
    }

    @Test
    void pluginConfigFileThatIsNotUtf8NamesTheFileAndTheByteOffset() throws IOException {
        Path file = latin1File("plugin.yaml");

        assertThatThrownBy(() -> Main.pluginConfig(file.toString()))
                .hasMessage("--config " + file + ": " + file + ": not valid UTF-8: byte 0xE9 at offset 25 (line 2, "
                        + "column 8) does not start a valid UTF-8 sequence; save the file as UTF-8");
    }

    @Test
    void truncatedMultiByteSequenceAtTheEndIsReported() throws IOException {
        Path file = dir.resolve("envoy.yaml");
        // "a: " then the first two bytes of a three-byte sequence (U+20AC is E2 82 AC).
        Files.write(file, new byte[] {'a', ':', ' ', (byte) 0xE2, (byte) 0x82});

        assertThatThrownBy(() -> Main.parseRun(new String[] {file.toString()}))
                .hasMessage(file + ": not valid UTF-8: byte 0xE2 at offset 3 (line 1, column 4) starts a sequence "
                        + "that the file ends inside; save the file as UTF-8");
    }

    @Test
    void missingEnvoyYamlIsNamed() {
        Path file = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> Main.parseRun(new String[] {file.toString()}))
                .hasMessage(file + ": no such file");
    }

    @Test
    void directoryGivenAsEnvoyYamlIsNamed() {
        assertThatThrownBy(() -> Main.parseRun(new String[] {dir.toString()}))
                .hasMessage(dir + ": is a directory, not a file");
    }

    @Test
    void missingPluginConfigFileIsNamed() {
        Path file = dir.resolve("missing.yaml");

        assertThatThrownBy(() -> Main.pluginConfig(file.toString()))
                .hasMessage("--config " + file + ": no such file (inline configuration must be a JSON object)");
    }

    @Test
    void yamlSyntaxErrorNamesTheFileAndLine() throws IOException {
        Path file = dir.resolve("envoy.yaml");
        Files.writeString(file, "static_resources:\n  listeners: [\n");

        assertThatThrownBy(() -> Main.parseRun(new String[] {file.toString()}))
                .hasMessageStartingWith(file + ": not valid YAML (line ")
                .hasMessageContaining("line 3");
    }
}
