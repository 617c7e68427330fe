package io.wasmjava.devserver;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Envoy's HTTP/1 request rules, as its codec ({@code source/common/http/http1/codec_impl.cc}) applies them over the
 * Balsa parser ({@code balsa_parser.cc}, quiche {@code balsa_frame.cc}), for the parts a client controls. Pure
 * functions over bytes; {@link Http1Listener} does the I/O.
 *
 * <ul>
 *   <li>A line ends at LF, with or without CR before it; the header block ends at an empty line ({@code \n\n} or
 *       {@code \n\r\n}: Balsa's {@code kValidTerm2} and {@code kValidTerm1}). A CR anywhere else is a 400.</li>
 *   <li>The method is one of Balsa's known methods (custom methods are off by default), the first byte already
 *       tells, so a TLS handshake on the plain port is refused at once; the target has only the characters Balsa's
 *       {@code isUrlValid} takes; the version is {@code HTTP/d.d} (or absent, for HTTP/0.9). Otherwise 400.</li>
 *   <li>A version other than HTTP/1.1 is HTTP/1.0 to Envoy; without {@code accept_http_10} it is 426
 *       ({@code checkProtocolVersion}).</li>
 *   <li>Header names are RFC 9110 tokens, values have no control characters but HTAB, and a header line needs a
 *       colon; an obs-fold continuation line joins the previous value (Envoy removes the CR and LF). More than
 *       {@code max_headers_count} headers, or a header block (request line included) over
 *       {@code max_request_headers_kb}, is 431.</li>
 *   <li>{@code Transfer-Encoding} other than {@code chunked} is 501; with {@code Content-Length} too it is 400; two
 *       {@code Content-Length}s, or one that is not a number, is 400.</li>
 * </ul>
 */
final class Http1Codec {
    /** Balsa's method table ({@code isMethodValid} without custom methods), sorted for binary search. */
    private static final String[] METHODS = {"ACL", "BIND", "CHECKOUT", "CONNECT", "COPY", "DELETE", "GET", "HEAD",
        "LINK", "LOCK", "MERGE", "MKACTIVITY", "MKCALENDAR", "MKCOL", "MOVE", "MSEARCH", "NOTIFY", "OPTIONS", "PATCH",
        "POST", "PROPFIND", "PROPPATCH", "PURGE", "PUT", "REBIND", "REPORT", "SEARCH", "SOURCE", "SUBSCRIBE",
        "TRACE", "UNBIND", "UNLINK", "UNLOCK", "UNSUBSCRIBE"};
    /** RFC 9110 token characters (header names). */
    private static final String TCHAR =
            "!#$%&'*+-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz|~";

    private Http1Codec() {
    }

    /**
     * A request the codec refuses: the status and body Envoy answers with (its status text, {@code text/plain}),
     * and why, for the log. The connection is closed after the answer.
     */
    static final class ProtocolError extends Exception {
        final int status;
        /** The local reply's body: Envoy's status text for codec errors, its own words for timeouts. */
        final String body;

        ProtocolError(int status, String detail) {
            this(status, reason(status), detail);
        }

        ProtocolError(int status, String body, String detail) {
            super(detail, null, false, false);
            this.status = status;
            this.body = body;
        }
    }

    /**
     * A parsed request head.
     *
     * @param target the request target as sent (origin form, absolute form or {@code *})
     * @param http11 false for HTTP/1.0 and anything else Envoy treats as HTTP/1.0
     * @param headers name (lower case) and value pairs, in order, values trimmed
     */
    record Head(String method, String target, boolean http11, List<String[]> headers) {
        /** The first value of {@code name} (lower case), or null. */
        String header(String name) {
            for (String[] header : headers) {
                if (header[0].equals(name)) {
                    return header[1];
                }
            }
            return null;
        }

        int count(String name) {
            int count = 0;
            for (String[] header : headers) {
                if (header[0].equals(name)) {
                    count++;
                }
            }
            return count;
        }

        /** True if {@code Connection} lists {@code token} (case-insensitive). */
        boolean connectionHas(String token) {
            for (String[] header : headers) {
                if (header[0].equals("connection")) {
                    for (String part : header[1].split(",")) {
                        if (part.trim().equalsIgnoreCase(token)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }
    }

    /** How the body is framed. */
    record Framing(boolean chunked, long contentLength) {
        static final Framing NONE = new Framing(false, 0);

        boolean hasBody() {
            return chunked || contentLength > 0;
        }
    }

    /** True if a request may start with {@code b} (Balsa's {@code isFirstCharacterOfValidMethod}). */
    static boolean isMethodStart(int b) {
        return "ABCDGHLMNOPRSTU".indexOf(b) >= 0;
    }

    /**
     * The index just past the empty line that ends the header block in {@code buffer[from, to)}, or -1 if it has not
     * arrived yet. {@code from} must be where the request line starts; scanning may resume at {@code scanFrom}.
     */
    static int endOfHead(byte[] buffer, int scanFrom, int to) {
        for (int i = Math.max(scanFrom, 0); i < to; i++) {
            if (buffer[i] != '\n') {
                continue;
            }
            if (i + 1 < to && buffer[i + 1] == '\n') {
                return i + 2;
            }
            if (i + 2 < to && buffer[i + 1] == '\r' && buffer[i + 2] == '\n') {
                return i + 3;
            }
        }
        return -1;
    }

    /**
     * Parses the head in {@code buffer[from, end)} (what {@link #endOfHead} found).
     *
     * @throws ProtocolError with Envoy's status for the first rule the head breaks
     */
    static Head parseHead(byte[] buffer, int from, int end, GatewayConfig.Limits limits) throws ProtocolError {
        List<String> lines = lines(buffer, from, end);
        String requestLine = lines.get(0);
        String[] parts = requestLine.split(" +", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()
                || (parts.length == 3 && parts[2].isEmpty())) {
            throw new ProtocolError(400, "malformed request line");
        }
        String method = parts[0];
        if (Arrays.binarySearch(METHODS, method) < 0) {
            throw new ProtocolError(400, "HPE_INVALID_METHOD");
        }
        String target = parts[1];
        if (!isTargetValid(target, method.equals("CONNECT"))) {
            throw new ProtocolError(400, "HPE_INVALID_URL");
        }
        String version = parts.length == 3 ? parts[2] : "";
        if (!version.isEmpty() && !(version.length() == 8 && version.startsWith("HTTP/")
                && isDigit(version.charAt(5)) && version.charAt(6) == '.' && isDigit(version.charAt(7)))) {
            throw new ProtocolError(400, "HPE_INVALID_VERSION");
        }
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (headers.isEmpty()) {
                    throw new ProtocolError(400, "continuation line before the first header");
                }
                String[] previous = headers.get(headers.size() - 1);
                previous[1] = trim(previous[1] + line);
                checkValue(previous[1]);
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new ProtocolError(400, colon == 0 ? "HPE_INVALID_HEADER_TOKEN" : "header line without a colon");
            }
            String name = line.substring(0, colon);
            for (int c = 0; c < name.length(); c++) {
                if (TCHAR.indexOf(name.charAt(c)) < 0) {
                    throw new ProtocolError(400, "HPE_INVALID_HEADER_TOKEN");
                }
            }
            String value = trim(line.substring(colon + 1));
            checkValue(value);
            headers.add(new String[] {name.toLowerCase(Locale.ROOT), value});
            if (headers.size() > limits.maxHeadersCount()) {
                throw new ProtocolError(431, "headers count exceeds limit (" + limits.maxHeadersCount() + ")");
            }
        }
        return new Head(method, target, version.equals("HTTP/1.1"), headers);
    }

    /**
     * How the body of {@code head} is framed.
     *
     * @throws ProtocolError 501 for a transfer coding other than chunked, 400 for chunked with a length, two
     *     lengths, or a length that is not a number
     */
    static Framing framing(Head head) throws ProtocolError {
        String transferEncoding = head.header("transfer-encoding");
        int lengths = head.count("content-length");
        if (transferEncoding != null) {
            if (lengths > 0) {
                throw new ProtocolError(400, "both Content-Length and Transfer-Encoding are set");
            }
            if (!transferEncoding.equalsIgnoreCase("chunked") || head.count("transfer-encoding") > 1
                    || head.method().equals("CONNECT")) {
                throw new ProtocolError(501, "unsupported transfer encoding");
            }
            return new Framing(true, -1);
        }
        if (lengths == 0) {
            return Framing.NONE;
        }
        if (lengths > 1) {
            throw new ProtocolError(400, "HPE_UNEXPECTED_CONTENT_LENGTH");
        }
        String length = head.header("content-length");
        if (length.isEmpty() || length.length() > 18 || !length.chars().allMatch(Http1Codec::isDigit)) {
            throw new ProtocolError(400, "invalid Content-Length");
        }
        return new Framing(false, Long.parseLong(length));
    }

    /** The lines of the head without their terminators (empty lines at the end dropped). */
    private static List<String> lines(byte[] buffer, int from, int end) throws ProtocolError {
        List<String> lines = new ArrayList<>();
        int start = from;
        for (int i = from; i < end; i++) {
            byte b = buffer[i];
            if (b == '\r' && (i + 1 >= end || buffer[i + 1] != '\n')) {
                throw new ProtocolError(400, "CR not followed by LF");
            }
            if (b == '\n') {
                int lineEnd = i > start && buffer[i - 1] == '\r' ? i - 1 : i;
                if (lineEnd > start) {
                    // Header values may be UTF-8 (obs-text is allowed); the request line is checked to be ASCII.
                    lines.add(new String(buffer, start, lineEnd - start, StandardCharsets.UTF_8));
                } else {
                    break;
                }
                start = i + 1;
            }
        }
        return lines;
    }

    private static void checkValue(String value) throws ProtocolError {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new ProtocolError(400, "header value contains invalid chars");
            }
        }
    }

    /** Balsa's {@code isUrlValid}: a path, {@code *}, or {@code scheme://host...} (authority form for CONNECT). */
    static boolean isTargetValid(String target, boolean connect) {
        char first = target.charAt(0);
        if (first == '/' || first == '*') {
            return allPathQueryChars(target, 1);
        }
        int position = 0;
        if (!connect) {
            if (!Character.isLetter(first) || first > 0x7f) {
                return false;
            }
            position = 1;
            while (position < target.length() && isSchemeChar(target.charAt(position))) {
                position++;
            }
            if (!target.startsWith("://", position)) {
                return false;
            }
            position += 3;
        }
        int pathStart = position;
        while (pathStart < target.length() && target.charAt(pathStart) != '/' && target.charAt(pathStart) != '?') {
            pathStart++;
        }
        String host = target.substring(position, pathStart);
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!(isAsciiLetterOrDigit(c) || "!$%&'()*+,-.:;=@[]_~".indexOf(c) >= 0)) {
                return false;
            }
        }
        return !host.contains("@@") && allPathQueryChars(target, pathStart);
    }

    private static boolean allPathQueryChars(String target, int from) {
        for (int i = from; i < target.length(); i++) {
            char c = target.charAt(i);
            if (!(c == 9 || c == 12 || (c >= '!' && c <= '~'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSchemeChar(char c) {
        return isAsciiLetterOrDigit(c) || c == '+' || c == '-' || c == '.';
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c);
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static String trim(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) {
            end--;
        }
        return value.substring(start, end);
    }

    /** The reason phrase Envoy writes for {@code status} ({@code CodeUtility::toString}); "Unknown" if none. */
    static String reason(int status) {
        switch (status) {
            case 100: return "Continue";
            case 101: return "Switching Protocols";
            case 200: return "OK";
            case 201: return "Created";
            case 202: return "Accepted";
            case 203: return "Non-Authoritative Information";
            case 204: return "No Content";
            case 205: return "Reset Content";
            case 206: return "Partial Content";
            case 300: return "Multiple Choices";
            case 301: return "Moved Permanently";
            case 302: return "Found";
            case 303: return "See Other";
            case 304: return "Not Modified";
            case 307: return "Temporary Redirect";
            case 308: return "Permanent Redirect";
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 402: return "Payment Required";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 406: return "Not Acceptable";
            case 407: return "Proxy Authentication Required";
            case 408: return "Request Timeout";
            case 409: return "Conflict";
            case 410: return "Gone";
            case 411: return "Length Required";
            case 412: return "Precondition Failed";
            case 413: return "Payload Too Large";
            case 414: return "URI Too Long";
            case 415: return "Unsupported Media Type";
            case 416: return "Range Not Satisfiable";
            case 417: return "Expectation Failed";
            case 421: return "Misdirected Request";
            case 422: return "Unprocessable Entity";
            case 423: return "Locked";
            case 424: return "Failed Dependency";
            case 426: return "Upgrade Required";
            case 428: return "Precondition Required";
            case 429: return "Too Many Requests";
            case 431: return "Request Header Fields Too Large";
            case 500: return "Internal Server Error";
            case 501: return "Not Implemented";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            case 504: return "Gateway Timeout";
            case 505: return "HTTP Version Not Supported";
            case 506: return "Variant Also Negotiates";
            case 507: return "Insufficient Storage";
            case 508: return "Loop Detected";
            case 510: return "Not Extended";
            case 511: return "Network Authentication Required";
            default: return "Unknown";
        }
    }
}
