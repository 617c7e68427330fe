package io.wasmjava.core.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The documents {@link JsonDifferentialTest} feeds to our parser and to Jackson: valid ones, invalid ones, the
 * deliberate differences, and every prefix of a few valid ones. The realistic plugin configurations live in {@code
 * src/test/resources/config/corpus/}.
 */
final class JsonCorpus {
    private JsonCorpus() {}

    /** A document: its text if it has one, and its bytes if it can be given as UTF-8 (or is deliberately not). */
    record Doc(String name, String text, byte[] utf8) {
        static Doc text(String name, String text) {
            return new Doc(name, text, text.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * A document given only as a String: it holds unpaired surrogates, which have no UTF-8 form, or its bytes are
         * tested separately because they mean something else.
         */
        static Doc textOnly(String name, String text) {
            return new Doc(name, text, null);
        }

        static Doc bytes(String name, int... bytes) {
            byte[] utf8 = new byte[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                utf8[i] = (byte) bytes[i];
            }
            return new Doc(name, null, utf8);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Doc> valid() {
        List<Doc> docs = new ArrayList<>();
        // Scalars.
        add(docs, "true", "true");
        add(docs, "false", "false");
        add(docs, "null", "null");
        add(docs, "zero", "0");
        add(docs, "negative zero", "-0");
        add(docs, "negative zero with fraction", "-0.0");
        add(docs, "one", "1");
        add(docs, "negative one", "-1");
        add(docs, "int max", "2147483647");
        add(docs, "int max plus one", "2147483648");
        add(docs, "long max", "9223372036854775807");
        add(docs, "long min", "-9223372036854775808");
        add(docs, "long max plus one", "9223372036854775808");
        add(docs, "long min minus one", "-9223372036854775809");
        add(docs, "30 digit integer", "123456789012345678901234567890");
        add(docs, "500 digit integer", "9".repeat(500));
        add(docs, "fraction", "1.5");
        add(docs, "negative fraction", "-1.5");
        add(docs, "zero fraction", "0.0");
        add(docs, "trailing zeros in fraction", "2.50000");
        add(docs, "small fraction", "0.000000000000000000000000001");
        add(docs, "long fraction", "1.0000000000000000000000000001");
        add(docs, "exponent", "1e10");
        add(docs, "upper-case exponent", "1E10");
        add(docs, "exponent with plus", "1e+10");
        add(docs, "negative exponent", "1e-10");
        add(docs, "fraction with negative exponent", "-1.25e-7");
        add(docs, "exponent with leading zeros", "1e007");
        add(docs, "zero with exponent", "0e0");
        add(docs, "zero with large exponent", "0e999");
        add(docs, "double max", "1.7976931348623157e308");
        add(docs, "beyond double max", "1e400");
        add(docs, "double min subnormal", "4.9e-324");
        add(docs, "below double min", "1e-400");
        add(docs, "largest int exponent", "1e2147483647");
        add(docs, "smallest scale", "1e-2147483647");
        add(docs, "empty string", "\"\"");
        add(docs, "ascii string", "\"hello world\"");
        add(docs, "short escapes", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"");
        add(docs, "escaped NUL", "\"\\u0000\"");
        add(docs, "escaped unit separator", "\"\\u001f\"");
        add(docs, "escaped e acute lower-case hex", "\"\\u00e9\"");
        add(docs, "escaped e acute upper-case hex", "\"\\u00E9\"");
        add(docs, "escaped surrogate pair", "\"\\ud83d\\ude00\"");
        add(docs, "escaped surrogate pair upper-case", "\"\\uD83D\\uDE00\"");
        add(docs, "escaped highest code point", "\"\\udbff\\udfff\"");
        add(docs, "escaped U+FFFF", "\"\\uffff\"");
        add(docs, "escaped BOM in string", "\"\\ufeff\"");
        add(docs, "raw BOM in string", "\"\ufeff\"");
        add(docs, "raw two-byte UTF-8", "\"caf\u00e9\"");
        add(docs, "raw three-byte UTF-8", "\"\u4e2d\u6587\"");
        add(docs, "raw four-byte UTF-8", "\"\ud83d\ude00\"");
        add(docs, "raw DEL", "\"\u007f\"");
        add(docs, "raw line separator", "\"\u2028\u2029\"");
        add(docs, "raw C1 control", "\"\u0085\"");
        add(docs, "escaped slash and backslash mix", "\"a\\/b\\\\c\"");
        add(docs, "10000 char string", "\"" + "abc".repeat(3334) + "\"");

        // Containers.
        add(docs, "empty object", "{}");
        add(docs, "empty array", "[]");
        add(docs, "array in array", "[[]]");
        add(docs, "object in array", "[{}]");
        add(docs, "object in object", "{\"a\":{}}");
        add(docs, "numbers array", "[1,2,3]");
        add(docs, "mixed array", "[\"a\",1,-2.5e3,true,false,null,{},[]]");
        add(docs, "flat object", "{\"a\":1,\"b\":\"two\",\"c\":true,\"d\":null}");
        add(docs, "empty key", "{\"\":1}");
        add(docs, "escaped key", "{\"\\u0061\\n\":1}");
        add(docs, "keys differing in case", "{\"a\":1,\"A\":2}");
        add(docs, "keys differing by NUL", "{\"a\\u0000\":1,\"a\":2}");
        add(docs, "same key in sibling objects", "[{\"a\":1},{\"a\":2}]");
        add(docs, "same key at two levels", "{\"a\":{\"a\":{\"a\":1}}}");
        add(docs, "1000 element array", "[" + "1,".repeat(999) + "1]");
        add(docs, "200 member object", members(200));
        add(docs, "nested mixed", "{\"a\":[{\"b\":[{\"c\":[]}]},[[1],[2,[3]]]],\"d\":{\"e\":{\"f\":\"g\"}}}");

        // Whitespace.
        add(docs, "spaces around scalar", " 1 ");
        add(docs, "all four whitespace chars", "\t\n\r 1\r\n\t ");
        add(docs, "spaces in array", "[ 1 , 2 ]");
        add(docs, "spaces in object", "{ \"a\" : 1 }");
        add(docs, "newlines everywhere", "\n{\n\t\"a\"\n:\n[\r\n]\n,\"b\":\n{\n}\n}\n");
        add(docs, "whitespace-only array", "[\n]");
        add(docs, "CRLF lines", "{\r\n  \"a\": 1,\r\n  \"b\": 2\r\n}\r\n");

        // Nesting up to the limit.
        add(docs, "128 nested arrays", "[".repeat(128) + "]".repeat(128));
        add(docs, "128 nested arrays around a value", "[".repeat(128) + "1" + "]".repeat(128));
        add(docs, "128 nested objects", "{\"a\":".repeat(127) + "{}" + "}".repeat(127));
        add(docs, "128 alternating containers", alternating(128));
        add(docs, "127 nested arrays", "[".repeat(127) + "]".repeat(127));

        // Bytes only.
        docs.add(Doc.bytes("UTF-8 byte order mark", 0xEF, 0xBB, 0xBF, '{', '}'));
        docs.add(Doc.bytes("UTF-8 byte order mark before string", 0xEF, 0xBB, 0xBF, '"', 0xC3, 0xA9, '"'));

        // Realistic plugin configurations.
        docs.addAll(resources());
        return docs;
    }

    static List<Doc> invalid() {
        List<Doc> docs = new ArrayList<>();
        // Empty input.
        add(docs, "empty input", "");
        add(docs, "only whitespace", " \n\t\r");

        // Trailing and missing commas.
        add(docs, "trailing comma in array", "[1,]");
        add(docs, "trailing comma in object", "{\"a\":1,}");
        add(docs, "only comma in array", "[,]");
        add(docs, "leading comma in array", "[,1]");
        add(docs, "double comma in array", "[1,,2]");
        add(docs, "only comma in object", "{,}");
        add(docs, "double comma in object", "{\"a\":1,,\"b\":2}");
        add(docs, "missing comma in array", "[1 2]");
        add(docs, "missing comma in object", "{\"a\":1 \"b\":2}");
        add(docs, "trailing comma at top level", "1,");

        // Comments.
        add(docs, "line comment before value", "// c\n1");
        add(docs, "block comment before value", "/* c */ 1");
        add(docs, "line comment after value", "1 // c");
        add(docs, "block comment in array", "[1 /* c */]");
        add(docs, "hash comment", "# c\n1");

        // Quotes and keys.
        add(docs, "single-quoted string", "'a'");
        add(docs, "single-quoted key", "{'a':1}");
        add(docs, "mismatched quotes", "[\"a']");
        add(docs, "unquoted key", "{a:1}");
        add(docs, "number key", "{1:2}");
        add(docs, "key without value", "{\"a\"}");
        add(docs, "key without colon", "{\"a\" 1}");
        add(docs, "colon without value", "{\"a\":}");
        add(docs, "equals instead of colon", "{\"a\"=1}");

        // Non-numbers.
        add(docs, "NaN", "NaN");
        add(docs, "negative NaN", "-NaN");
        add(docs, "Infinity", "Infinity");
        add(docs, "negative Infinity", "-Infinity");
        add(docs, "positive Infinity", "+Infinity");
        add(docs, "NaN in array", "[NaN]");

        // Malformed numbers.
        add(docs, "leading zero", "01");
        add(docs, "negative leading zero", "-01");
        add(docs, "double zero", "00");
        add(docs, "leading zero in array", "[01]");
        add(docs, "leading zero before fraction", "00.5");
        add(docs, "leading plus", "+1");
        add(docs, "leading plus in array", "[+1]");
        add(docs, "leading point", ".5");
        add(docs, "trailing point", "5.");
        add(docs, "point before exponent", "5.e3");
        add(docs, "exponent without digits", "5e");
        add(docs, "exponent sign without digits", "5e+");
        add(docs, "lone minus", "-");
        add(docs, "minus before point", "-.5");
        add(docs, "two points", "1.5.3");
        add(docs, "hex number", "0x10");
        add(docs, "underscore in number", "1_000");
        add(docs, "space after minus", "- 1");
        add(docs, "double minus", "--1");
        add(docs, "double exponent", "1ee3");
        add(docs, "fractional exponent", "1e3.5");
        add(docs, "exponent beyond int", "1e2147483648");
        add(docs, "ten digit exponent", "1e9999999999");
        add(docs, "ten digit negative exponent", "1e-9999999999");
        add(docs, "twenty digit exponent", "[1e99999999999999999999]");
        add(docs, "scale beyond int", "1e-2147483648");

        // Literals.
        add(docs, "truncated true", "tru");
        add(docs, "capitalized True", "True");
        add(docs, "upper-case TRUE", "TRUE");
        add(docs, "truncated null", "nul");
        add(docs, "null with extra letter", "nulll");
        add(docs, "false with suffix", "falsey");
        add(docs, "undefined", "undefined");
        add(docs, "true followed by digit", "[true1]");

        // Control characters in strings.
        add(docs, "raw NUL in string", "\"\u0000\"");
        add(docs, "raw tab in string", "\"a\tb\"");
        add(docs, "raw newline in string", "\"a\nb\"");
        add(docs, "raw carriage return in string", "\"\r\"");
        add(docs, "raw unit separator in string", "\"\u001f\"");
        add(docs, "raw newline in key", "{\"a\nb\":1}");

        // Escapes.
        add(docs, "unknown escape x", "\"\\x\"");
        add(docs, "unknown escape a", "\"\\a\"");
        add(docs, "escaped single quote", "\"\\'\"");
        add(docs, "upper-case U escape", "\"\\U0041\"");
        add(docs, "u escape without digits", "\"\\u\"");
        add(docs, "u escape with two digits", "\"\\u12\"");
        add(docs, "u escape with non-hex digit", "\"\\u12G4\"");
        add(docs, "u escape with fullwidth digit", "\"\\u12\uff134\"");
        add(docs, "escaped space", "\"\\ \"");
        add(docs, "escaped newline", "\"\\\n\"");
        add(docs, "escaped zero", "\"\\0\"");
        add(docs, "backslash at end", "\"\\");
        add(docs, "escaped closing quote only", "\"\\\"");

        // Invalid UTF-8 (both parsers check these).
        docs.add(Doc.bytes("byte FF", '"', 0xFF, '"'));
        docs.add(Doc.bytes("byte FE", '"', 0xFE, '"'));
        docs.add(Doc.bytes("lone continuation byte", '"', 0x80, '"'));
        docs.add(Doc.bytes("two-byte lead before quote", '"', 0xC3, '"'));
        docs.add(Doc.bytes("three-byte sequence cut by quote", '"', 0xE2, 0x82, '"'));
        docs.add(Doc.bytes("two-byte lead at end of input", '"', 0xC3));
        docs.add(Doc.bytes("encoded high surrogate", '"', 0xED, 0xA0, 0x80, '"'));
        docs.add(Doc.bytes("encoded surrogate pair (CESU-8)", '"', 0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80, '"'));
        docs.add(Doc.bytes("non-ASCII outside string", '[', 0xC3, 0xA9, ']'));
        docs.add(Doc.bytes("byte FF after value", '1', ' ', 0xFF));
        docs.add(Doc.bytes("NUL bytes after object", '{', '}', 0, 0, 0, 0));

        // Trailing garbage.
        add(docs, "two numbers", "1 2");
        add(docs, "letter after object", "{}x");
        add(docs, "extra closing bracket", "[]]");
        add(docs, "extra closing brace", "{}}");
        add(docs, "two strings", "\"a\"\"b\"");
        add(docs, "two nulls", "null null");
        add(docs, "two arrays", "[1] [2]");
        add(docs, "two objects", "{} {}");
        add(docs, "true then false", "truefalse");
        add(docs, "letter after number", "1 x");
        docs.add(Doc.textOnly("NUL after value", "1\u0000"));

        // Unclosed and mismatched.
        add(docs, "open bracket", "[");
        add(docs, "open brace", "{");
        add(docs, "unclosed array", "[1");
        add(docs, "unclosed key", "{\"a");
        add(docs, "key then end", "{\"a\"");
        add(docs, "colon then end", "{\"a\":");
        add(docs, "unclosed string", "\"abc");
        add(docs, "closing bracket", "]");
        add(docs, "closing brace", "}");
        add(docs, "colon", ":");
        add(docs, "comma", ",");
        add(docs, "array closed by brace", "[}");
        add(docs, "object closed by bracket", "{]");
        add(docs, "colon in array", "[:]");
        add(docs, "object value without key", "{1}");

        // Duplicate keys.
        add(docs, "duplicate key", "{\"a\":1,\"a\":2}");
        add(docs, "duplicate key spelled with escape", "{\"a\":1,\"\\u0061\":2}");
        add(docs, "duplicate key in nested object", "{\"x\":{\"k\":1,\"k\":1}}");
        add(docs, "duplicate null members", "{\"a\":null,\"a\":null}");
        add(docs, "duplicate empty key", "{\"\":1,\"\":2}");

        // Characters that are not JSON whitespace.
        add(docs, "form feed", "\f1");
        add(docs, "vertical tab in array", "[\u000b1]");
        add(docs, "no-break space", "\u00a01");
        add(docs, "line separator outside string", "\u20281");
        // As bytes, a leading BOM is skipped by both parsers.
        docs.add(Doc.textOnly("BOM in a String", "\ufeff1"));
        add(docs, "raw NUL", "\u0000");

        // Nesting beyond the limit.
        add(docs, "129 nested arrays", "[".repeat(129) + "]".repeat(129));
        add(docs, "129 nested objects", "{\"a\":".repeat(128) + "{}" + "}".repeat(128));
        add(docs, "129 alternating containers", alternating(129));
        add(docs, "100000 open brackets", "[".repeat(100_000));
        return docs;
    }

    /**
     * Documents we reject on purpose and Jackson accepts; see {@link Json} for why:
     *
     * <ul>
     *   <li>unpaired surrogates, escaped or raw: a string holding one has no UTF-8 form, so it could not reach the host
     *       unchanged (Jackson turns it into {@code ?} when encoding);
     *   <li>ill-formed UTF-8 that Jackson's decoder lets through: overlong forms (a second spelling of {@code "} or
     *       NUL, a classic filter bypass), code points above U+10FFFF, and lead bytes F5-F7;
     *   <li>a NUL byte right after a top-level number, which Jackson's byte parser takes for the end of input (it
     *       rejects one after an object);
     *   <li>encodings other than UTF-8, which Jackson detects and we, following RFC 8259 §8.1, do not.
     * </ul>
     */
    static List<Doc> rejectedOnlyByUs() {
        List<Doc> docs = new ArrayList<>();
        docs.add(Doc.text("escaped lone high surrogate", "\"\\ud800\""));
        docs.add(Doc.text("escaped lone low surrogate", "\"\\udc00\""));
        docs.add(Doc.text("escaped high surrogate then letter", "\"\\ud800a\""));
        docs.add(Doc.text("escaped high surrogate then non-surrogate escape", "\"\\ud800\\u0041\""));
        docs.add(Doc.text("escaped surrogates in reverse order", "\"\\udc00\\ud800\""));
        // Jackson's byte parser rejects this one (unlike in values), its String parser accepts it.
        docs.add(Doc.textOnly("escaped lone surrogate in key", "{\"\\udfff\":1}"));
        docs.add(Doc.textOnly("raw lone high surrogate", "\"\ud800\""));
        docs.add(Doc.textOnly("raw lone low surrogate", "[\"a\udc00\"]"));
        docs.add(Doc.bytes("overlong NUL", '"', 0xC0, 0x80, '"'));
        docs.add(Doc.bytes("overlong quote", '"', 0xC0, 0xA2, '"'));
        docs.add(Doc.bytes("overlong three-byte NUL", '"', 0xE0, 0x80, 0x80, '"'));
        docs.add(Doc.bytes("overlong four-byte NUL", '"', 0xF0, 0x80, 0x80, 0x80, '"'));
        docs.add(Doc.bytes("code point above U+10FFFF", '"', 0xF4, 0x90, 0x80, 0x80, '"'));
        docs.add(Doc.bytes("lead byte F5", '"', 0xF5, 0x80, 0x80, 0x80, '"'));
        docs.add(Doc.bytes("NUL byte after number", '1', 0));
        docs.add(Doc.bytes("UTF-32BE", 0, 0, 0, '1'));
        docs.add(Doc.bytes("UTF-16BE", 0, '[', 0, '1', 0, ']'));
        docs.add(Doc.bytes("UTF-16LE with BOM", 0xFF, 0xFE, '[', 0, ']', 0));
        return docs;
    }

    /** Every proper prefix of a few valid documents, without labels: the parsers must only agree. */
    static List<Doc> prefixes() {
        String[] sources = {
            "{\"a\":[1,-2.5e+3,true,false,null],\"b\":{\"c\":\"d\\u00e9\\n\"}}",
            "[0, 10, 1.0e-5, \"x\\ud83d\\ude00y\", [], {}]",
            " { \"key\" : \"value\" , \"n\" : -0.0E0 } ",
            "\"caf\u00e9 \ud83d\ude00\"",
            "[true,false,null]",
            "12345.6789e-12",
        };
        List<Doc> docs = new ArrayList<>();
        for (String source : sources) {
            byte[] utf8 = source.getBytes(StandardCharsets.UTF_8);
            for (int length = 0; length < utf8.length; length++) {
                byte[] prefix = new byte[length];
                System.arraycopy(utf8, 0, prefix, 0, length);
                String text = new String(prefix, StandardCharsets.UTF_8);
                boolean cutInsideCharacter = !java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), prefix);
                String name = "prefix " + length + " of " + source.replace("\n", "\\n");
                docs.add(cutInsideCharacter ? new Doc(name, null, prefix) : new Doc(name, text, prefix));
            }
        }
        return docs;
    }

    private static void add(List<Doc> docs, String name, String text) {
        docs.add(Doc.text(name, text));
    }

    private static String members(int count) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        return json.append('}').toString();
    }

    /** Returns {@code depth} containers nested alternately: {@code [{"a":[{"a":...}]}]}. */
    private static String alternating(int depth) {
        StringBuilder open = new StringBuilder();
        StringBuilder close = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            boolean array = i % 2 == 0;
            open.append(array ? "[" : "{\"a\":");
            close.insert(0, array ? "]" : "}");
        }
        if (depth % 2 == 0) {
            // The innermost container is an object waiting for a value.
            open.append("1");
        }
        return open.append(close).toString();
    }

    private static List<Doc> resources() {
        try {
            Path dir = Path.of(JsonCorpus.class.getResource("/config/corpus").toURI());
            List<Doc> docs = new ArrayList<>();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.sorted().toList()) {
                    byte[] utf8 = Files.readAllBytes(file);
                    docs.add(new Doc(file.getFileName().toString(), new String(utf8, StandardCharsets.UTF_8), utf8));
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
