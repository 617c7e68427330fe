package io.wasmjava.core.runtime;

/**
 * The argument of Higress's foreign function {@code inject_encoded_data_to_filter_chain_on_header}: the protobuf
 * message {@code envoy.source.extensions.common.wasm.InjectEncodedDataToFilterChainArguments { string body = 1;
 * bool endstream = 2; }} (wasm-go {@code pkg/protos/inject_encoded_data.proto}), written by hand so that no protobuf
 * library is linked. Proto3 leaves out default values: an empty body is no field 1, {@code false} no field 2.
 */
final class InjectionArguments {
    /** The foreign function's name. */
    static final String ON_HEADER_FUNCTION = "inject_encoded_data_to_filter_chain_on_header";
    private static final int BODY_TAG = 1 << 3 | 2;
    private static final int END_STREAM_TAG = 2 << 3;

    private InjectionArguments() {
    }

    /** The encoded message; e.g. body {@code hi}, end true: {@code 0A 02 68 69 10 01}. */
    static byte[] encode(byte[] body, boolean endStream) {
        int lengthBytes = varintSize(body.length);
        int size = (body.length == 0 ? 0 : 1 + lengthBytes + body.length) + (endStream ? 2 : 0);
        byte[] out = new byte[size];
        int at = 0;
        if (body.length != 0) {
            out[at++] = (byte) BODY_TAG;
            for (int value = body.length; ; value >>>= 7) {
                if ((value & ~0x7F) == 0) {
                    out[at++] = (byte) value;
                    break;
                }
                out[at++] = (byte) (value & 0x7F | 0x80);
            }
            System.arraycopy(body, 0, out, at, body.length);
            at += body.length;
        }
        if (endStream) {
            out[at++] = (byte) END_STREAM_TAG;
            out[at] = 1;
        }
        return out;
    }

    private static int varintSize(int value) {
        int size = 1;
        while ((value & ~0x7F) != 0) {
            value >>>= 7;
            size++;
        }
        return size;
    }
}
