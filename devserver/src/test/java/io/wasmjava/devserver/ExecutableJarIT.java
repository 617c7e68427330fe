package io.wasmjava.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The executable jar users run ({@code java -jar devserver/target/wasmjava-devserver.jar}, built by the shade plugin
 * in {@code package}, before this runs): the gateway on the host module, with no test framework and no test kit in
 * it.
 */
class ExecutableJarIT {
    private static final Path JAR = Path.of("target", "wasmjava-devserver.jar");

    @Test
    void holdsTheGatewayAndTheHostButNoTestFrameworkOrTestKit() throws IOException {
        assertThat(JAR).exists();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> names = jar.stream().map(ZipEntry::getName).toList();

            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(Main.class.getName());
            assertThat(names).contains("io/wasmjava/devserver/Main.class", "io/wasmjava/host/HostEmulator.class",
                    "io/wasmjava/core/Plugin.class");
            // The default engine, V8: Javet's classes and its native library for Linux x86_64.
            assertThat(names).contains("com/caoccao/javet/interop/V8Host.class",
                    "libjavet-v8-linux-x86_64.v.4.1.5.so");
            assertThat(names).filteredOn(name -> name.startsWith("org/junit/") || name.startsWith("org/assertj/")
                    || name.startsWith("org/opentest4j/") || name.startsWith("io/wasmjava/testkit/")
                    || name.startsWith("org/mockito/"))
                    .isEmpty();
        }
    }
}
