package io.wasmjava.redis.resp;

import static io.wasmjava.redis.resp.RespValue.array;
import static io.wasmjava.redis.resp.RespValue.bulk;
import static io.wasmjava.redis.resp.RespValue.error;
import static io.wasmjava.redis.resp.RespValue.integer;
import static io.wasmjava.redis.resp.RespValue.nullArray;
import static io.wasmjava.redis.resp.RespValue.nullBulk;
import static io.wasmjava.redis.resp.RespValue.simple;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RespValueTest {

    @Test
    void reportsTheTypeOfEveryValue() {
        assertThat(simple("OK").type()).isEqualTo(RespType.SIMPLE_STRING);
        assertThat(error("ERR x").type()).isEqualTo(RespType.ERROR);
        assertThat(integer(1).type()).isEqualTo(RespType.INTEGER);
        assertThat(bulk("x").type()).isEqualTo(RespType.BULK_STRING);
        assertThat(nullBulk().type()).isEqualTo(RespType.BULK_STRING);
        assertThat(array().type()).isEqualTo(RespType.ARRAY);
        assertThat(nullArray().type()).isEqualTo(RespType.ARRAY);
        assertThat(List.of(RespType.values())).extracting(RespType::marker).containsExactly('+', '-', ':', '$', '*');
    }

    @Test
    void keepsNullBulkAndEmptyBulkApart() {
        assertThat(nullBulk().isNull()).isTrue();
        assertThat(bulk("").isNull()).isFalse();
        assertThat(nullBulk()).isNotEqualTo(bulk(""));
        assertThat(nullBulk().length()).isEqualTo(-1);
        assertThat(bulk("").length()).isZero();
        assertThat(nullBulk().asString()).isNull();
        assertThat(nullBulk().asBytes()).isNull();
        assertThat(bulk("").asString()).isEmpty();
    }

    @Test
    void keepsNullArrayAndEmptyArrayApart() {
        assertThat(nullArray().isNull()).isTrue();
        assertThat(array().isNull()).isFalse();
        assertThat(nullArray()).isNotEqualTo(array());
        assertThat(nullArray().size()).isEqualTo(-1);
        assertThat(array().size()).isZero();
        assertThat(nullArray().asArray()).isNull();
        assertThat(array().asArray()).isEmpty();
        assertThat(nullArray()).isNotEqualTo(nullBulk());
    }

    @Test
    void readsTextFromStringsErrorsAndIntegers() {
        assertThat(simple("OK").asString()).isEqualTo("OK");
        assertThat(bulk("h\u00e9").asString()).isEqualTo("h\u00e9");
        assertThat(error("ERR boom").asString()).isEqualTo("ERR boom");
        assertThat(integer(-12).asString()).isEqualTo("-12");
        assertThat(bulk(new byte[] {(byte) 0xff}).asString()).isEqualTo("\ufffd");
    }

    @Test
    void readsLongsFromIntegersAndNumericStrings() {
        assertThat(integer(Long.MIN_VALUE).asLong()).isEqualTo(Long.MIN_VALUE);
        assertThat(bulk("42").asLong()).isEqualTo(42);
        assertThat(bulk("-9223372036854775808").asLong()).isEqualTo(Long.MIN_VALUE);
        assertThat(simple("7").asLong()).isEqualTo(7);
    }

    @Test
    void refusesToReadALongFromAnythingElse() {
        assertThatThrownBy(() -> bulk("abc").asLong())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("expected an integer or a numeric string but was bulk string $3 \"abc\" (not a decimal integer)");
        assertThatThrownBy(() -> bulk("9223372036854775808").asLong())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("expected an integer or a numeric string but was bulk string $19 \"9223372036854775808\" "
                        + "(out of range for a signed 64-bit integer)");
        assertThatThrownBy(() -> bulk("").asLong()).hasMessageContaining("not a decimal integer");
        assertThatThrownBy(() -> bulk("+5").asLong()).hasMessageContaining("not a decimal integer");
        assertThatThrownBy(() -> bulk(" 5").asLong()).hasMessageContaining("not a decimal integer");
        assertThatThrownBy(() -> nullBulk().asLong())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("expected an integer or a numeric string but was null bulk string $-1");
        assertThatThrownBy(() -> error("ERR 5").asLong())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("expected an integer or a numeric string but was error -ERR 5");
        assertThatThrownBy(() -> array(integer(1)).asLong())
                .hasMessage("expected an integer or a numeric string but was array *1[:1]");
    }

    @Test
    void readsBytesAsAFreshCopyEachTime() {
        RespBulkString value = bulk(new byte[] {1, 2, 3});
        byte[] bytes = value.asBytes();
        bytes[0] = 9;
        assertThat(value.asBytes()).containsExactly(1, 2, 3);
        assertThat(integer(-5).asBytes()).containsExactly('-', '5');
        assertThat(simple("OK").asBytes()).containsExactly('O', 'K');
        assertThat(error("E").asBytes()).containsExactly('E');
    }

    @Test
    void copiesTheByteArrayGivenToTheFactory() {
        byte[] source = {'a'};
        RespBulkString value = bulk(source);
        source[0] = 'b';
        assertThat(value).isEqualTo(bulk("a"));
    }

    @Test
    void readsArraysAsUnmodifiableListsAndRefusesNonArrays() {
        List<RespValue> elements = array(integer(1), bulk("x")).asArray();
        assertThat(elements).containsExactly(integer(1), bulk("x"));
        assertThatThrownBy(() -> elements.add(integer(2))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> bulk("x").asArray())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("expected an array but was bulk string $1 \"x\"");
        assertThatThrownBy(() -> array(integer(1)).asString())
                .hasMessage("expected a simple string, bulk string, error or integer but was array *1[:1]");
        assertThatThrownBy(() -> nullArray().asBytes())
                .hasMessage("expected a simple string, bulk string, error or integer but was null array *-1");
    }

    @Test
    void readsArrayElementsByIndexAndRefusesIndexesOutsideTheArray() {
        RespArray value = array(integer(1), nullBulk());
        assertThat(value.element(0)).isEqualTo(integer(1));
        assertThat(value.element(1)).isSameAs(nullBulk());
        assertThat(value.asArray()).isSameAs(value.asArray()).containsExactly(value.element(0), value.element(1));
        assertThatThrownBy(() -> value.element(2))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("index 2 out of bounds for length 2");
        assertThatThrownBy(() -> value.element(-1))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("index -1 out of bounds for length 2");
        assertThatThrownBy(() -> nullArray().element(0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("expected an array element but was the null array");
    }

    @Test
    void hashesArraysAsTheirElementListDoes() {
        RespArray value = array(bulk("a"), integer(2), array());
        assertThat(value.hashCode()).isEqualTo(31 * '*' + List.of(bulk("a"), integer(2), array()).hashCode());
        assertThat(nullArray().hashCode()).isNotEqualTo(array().hashCode());
    }

    @Test
    void copiesTheListGivenToTheFactory() {
        List<RespValue> source = new ArrayList<>(List.of(integer(1)));
        RespArray value = array(source);
        source.add(integer(2));
        assertThat(value).isEqualTo(array(integer(1)));
    }

    @Test
    void rejectsNullElementsInArrays() {
        assertThatThrownBy(() -> array(integer(1), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("array element 1 is null (expected: a RespValue; use RespValue.nullBulk() or "
                        + "RespValue.nullArray() for a RESP null)");
    }

    @Test
    void exposesErrorMessageAndPrefix() {
        RespValue noscript = error("NOSCRIPT No matching script. Please use EVAL.");
        assertThat(noscript.isError()).isTrue();
        assertThat(noscript.errorMessage()).isEqualTo("NOSCRIPT No matching script. Please use EVAL.");
        assertThat(noscript.errorPrefix()).isEqualTo("NOSCRIPT");
        assertThat(error("ERR unknown command").errorPrefix()).isEqualTo("ERR");
        assertThat(error("WRONGPASS invalid username-password pair").errorPrefix()).isEqualTo("WRONGPASS");
        assertThat(error("NOAUTH Authentication required.").errorPrefix()).isEqualTo("NOAUTH");
        assertThat(error("LOADING").errorPrefix()).isEqualTo("LOADING");
        assertThat(error("").errorPrefix()).isEmpty();
        assertThat(simple("ERR not an error").isError()).isFalse();
        assertThatThrownBy(() -> simple("ERR x").errorPrefix())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("expected an error but was simple string +ERR x");
        assertThatThrownBy(() -> integer(1).errorMessage()).hasMessage("expected an error but was integer :1");
    }

    @Test
    void rejectsCrOrLfInSimpleStringsAndErrors() {
        assertThatThrownBy(() -> simple("a\r\nb"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("simple string contains \\r at index 1 (expected: no CR or LF; use a bulk string for multi-line "
                        + "text)");
        assertThatThrownBy(() -> error("ERR\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("error contains \\n at index 3 (expected: no CR or LF; use a bulk string for multi-line text)");
    }

    @Test
    void comparesByTypeAndContent() {
        assertThat(simple("OK")).isEqualTo(simple("OK")).hasSameHashCodeAs(simple("OK"));
        assertThat(simple("OK")).isNotEqualTo(bulk("OK"));
        assertThat(simple("ERR")).isNotEqualTo(error("ERR"));
        assertThat(integer(5)).isEqualTo(integer(5)).isNotEqualTo(bulk("5"));
        assertThat(bulk(new byte[] {1, 2})).isEqualTo(bulk(new byte[] {1, 2})).hasSameHashCodeAs(bulk(new byte[] {1, 2}));
        assertThat(array(array(integer(1)), nullBulk())).isEqualTo(array(array(integer(1)), nullBulk()))
                .hasSameHashCodeAs(array(array(integer(1)), nullBulk()));
        assertThat(array(integer(1))).isNotEqualTo(array(integer(1), integer(1)));
        assertThat(nullBulk()).isEqualTo(nullBulk()).isSameAs(nullBulk());
    }

    @Test
    void printsADebugForm() {
        assertThat(array(bulk("foo"), integer(5))).hasToString("*2[$3 \"foo\", :5]");
        assertThat(simple("OK")).hasToString("+OK");
        assertThat(error("ERR x")).hasToString("-ERR x");
        assertThat(nullBulk()).hasToString("$-1");
        assertThat(bulk("")).hasToString("$0 \"\"");
        assertThat(array()).hasToString("*0[]");
        assertThat(nullArray()).hasToString("*-1");
        assertThat(array(array(nullBulk()), nullArray())).hasToString("*2[*1[$-1], *-1]");
        assertThat(bulk(new byte[] {'"', '\\', '\r', '\n', '\t', 0, (byte) 0xe9}))
                .hasToString("$7 \"\\\"\\\\\\r\\n\\t\\x00\\xe9\"");
    }

    @Test
    void shortensTheDebugFormOfLargeValues() {
        assertThat(bulk("a".repeat(100))).hasToString("$100 \"" + "a".repeat(64) + "\"...");
        List<RespValue> many = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            many.add(integer(i));
        }
        assertThat(array(many).toString()).endsWith(", :31, ...]").startsWith("*40[:0, :1, ");
    }
}
