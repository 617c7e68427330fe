package io.wasmjava.redis.resp;

import static io.wasmjava.redis.resp.RespValue.array;
import static io.wasmjava.redis.resp.RespValue.bulk;
import static io.wasmjava.redis.resp.RespValue.error;
import static io.wasmjava.redis.resp.RespValue.integer;
import static io.wasmjava.redis.resp.RespValue.nullArray;
import static io.wasmjava.redis.resp.RespValue.nullBulk;
import static io.wasmjava.redis.resp.RespValue.simple;

import java.util.ArrayList;
import java.util.List;

/**
 * Valid RESP2 wire inputs with the value each must decode to, and that value's canonical encoding. Shared by the
 * encoder, decoder, split-boundary and Jedis cross-check tests.
 */
final class RespCorpus {

    /** One wire form and its value; {@code wire} is also exactly what the encoder writes for {@code value}. */
    static final class Case {
        final String name;
        final byte[] wire;
        final RespValue value;

        Case(String name, byte[] wire, RespValue value) {
            this.name = name;
            this.wire = wire;
            this.value = value;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private RespCorpus() {
    }

    static List<Case> valid() {
        List<Case> cases = new ArrayList<>();
        add(cases, "simple string OK", "+OK\r\n", simple("OK"));
        add(cases, "simple string PONG", "+PONG\r\n", simple("PONG"));
        add(cases, "empty simple string", "+\r\n", simple(""));
        add(cases, "simple string with UTF-8", "+h\u00e9llo w\u00f6rld\r\n", simple("h\u00e9llo w\u00f6rld"));
        add(cases, "error ERR", "-ERR unknown command 'foo'\r\n", error("ERR unknown command 'foo'"));
        add(cases, "error NOSCRIPT", "-NOSCRIPT No matching script. Please use EVAL.\r\n",
                error("NOSCRIPT No matching script. Please use EVAL."));
        add(cases, "error WRONGPASS", "-WRONGPASS invalid username-password pair or user is disabled.\r\n",
                error("WRONGPASS invalid username-password pair or user is disabled."));
        add(cases, "error NOAUTH", "-NOAUTH Authentication required.\r\n", error("NOAUTH Authentication required."));
        add(cases, "empty error", "-\r\n", error(""));
        add(cases, "integer zero", ":0\r\n", integer(0));
        add(cases, "integer negative", ":-1\r\n", integer(-1));
        add(cases, "integer max", ":9223372036854775807\r\n", integer(Long.MAX_VALUE));
        add(cases, "integer min", ":-9223372036854775808\r\n", integer(Long.MIN_VALUE));
        add(cases, "bulk string", "$3\r\nfoo\r\n", bulk("foo"));
        add(cases, "empty bulk string", "$0\r\n\r\n", bulk(""));
        add(cases, "null bulk string", "$-1\r\n", nullBulk());
        add(cases, "bulk string with CRLF inside", "$8\r\na\r\nb\r\n\r\n\r\n", bulk("a\r\nb\r\n\r\n"));
        cases.add(new Case("binary bulk string", Wire.latin1("$6\r\n\u0000\u00ff\r\n$*\r\n"),
                bulk(new byte[] {0, (byte) 0xff, '\r', '\n', '$', '*'})));
        add(cases, "bulk string with UTF-8", "$6\r\n\u00e9t\u00e9!\r\n", bulk("\u00e9t\u00e9!"));
        add(cases, "numeric bulk string", "$2\r\n42\r\n", bulk("42"));
        add(cases, "empty array", "*0\r\n", array());
        add(cases, "null array", "*-1\r\n", nullArray());
        add(cases, "array of bulk and integer", "*2\r\n$3\r\nfoo\r\n:5\r\n", array(bulk("foo"), integer(5)));
        add(cases, "MGET reply with a missing key", "*3\r\n$1\r\na\r\n$-1\r\n$1\r\nc\r\n",
                array(bulk("a"), nullBulk(), bulk("c")));
        add(cases, "array of every type", "*7\r\n+OK\r\n-ERR x\r\n:1\r\n$1\r\nb\r\n$-1\r\n*0\r\n*-1\r\n",
                array(simple("OK"), error("ERR x"), integer(1), bulk("b"), nullBulk(), array(), nullArray()));
        add(cases, "nested arrays", "*2\r\n*2\r\n:1\r\n:2\r\n*1\r\n*1\r\n$1\r\nx\r\n",
                array(array(integer(1), integer(2)), array(array(bulk("x")))));
        add(cases, "EXEC reply with an error inside", "*3\r\n+OK\r\n-WRONGTYPE Operation against a key holding the "
                + "wrong kind of value\r\n:2\r\n", array(simple("OK"),
                error("WRONGTYPE Operation against a key holding the wrong kind of value"), integer(2)));
        add(cases, "array ending in empty arrays", "*2\r\n*0\r\n*0\r\n", array(array(), array()));
        add(cases, "command GET foo", "*2\r\n$3\r\nget\r\n$3\r\nfoo\r\n", array(bulk("get"), bulk("foo")));
        StringBuilder deepWire = new StringBuilder();
        RespValue deep = integer(7);
        for (int i = 0; i < RespDecoder.Limits.DEFAULT_MAX_NESTING_DEPTH; i++) {
            deepWire.append("*1\r\n");
            deep = array(deep);
        }
        add(cases, "array nested 32 deep", deepWire + ":7\r\n", deep);
        return cases;
    }

    private static void add(List<Case> cases, String name, String wire, RespValue value) {
        cases.add(new Case(name, Wire.bytes(wire), value));
    }
}
