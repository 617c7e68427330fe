package io.wasmjava.devserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the operator's configuration files (envoy.yaml, plugin configurations) as UTF-8, with errors that name the
 * file and say what is wrong, where: the JDK's own message for a bad byte is only {@code Input length = 1}.
 */
final class ConfigFiles {
    private ConfigFiles() {
    }

    /**
     * The text of {@code file}, without a leading byte order mark.
     *
     * @throws UncheckedIOException {@code "<file>: no such file"}, {@code "<file>: is a directory, not a file"},
     *     {@code "<file>: permission denied"}, or {@code "<file>: cannot read: <reason>"}
     * @throws IllegalArgumentException if the bytes are not UTF-8: the message gives the first bad byte, its offset,
     *     line and column, e.g. {@code "envoy.yaml: not valid UTF-8: byte 0xE9 at offset 25 (line 2, column 8) does
     *     not start a valid UTF-8 sequence; save the file as UTF-8"}
     */
    static String readUtf8(Path file) {
        byte[] bytes;
        if (Files.isDirectory(file)) {
            String message = file + ": is a directory, not a file";
            throw new UncheckedIOException(message, new IOException(message));
        }
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException(file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new UncheckedIOException(file + ": permission denied", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
        String text = decode(file, bytes);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static String decode(Path file, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new IllegalArgumentException(file + ": not valid UTF-8: " + describe(bytes, in.position())
                    + "; save the file as UTF-8");
        }
        out.flip();
        return out.toString();
    }

    /** Says what is wrong with the byte at {@code offset} and where it is. */
    private static String describe(byte[] bytes, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int b = bytes[offset] & 0xff;
        String where = "byte 0x" + Character.toUpperCase(Character.forDigit(b >> 4, 16))
                + Character.toUpperCase(Character.forDigit(b & 15, 16)) + " at offset " + offset + " (line " + line
                + ", column " + (offset - lineStart + 1) + ")";
        int expected = b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
        if (expected > 0 && offset + expected > bytes.length) {
            boolean continuations = true;
            for (int i = offset + 1; i < bytes.length; i++) {
                continuations &= (bytes[i] & 0xC0) == 0x80;
            }
            if (continuations) {
                return where + " starts a sequence that the file ends inside";
            }
        }
        return where + " does not start a valid UTF-8 sequence";
    }
}
