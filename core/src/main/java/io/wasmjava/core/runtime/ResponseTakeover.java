package io.wasmjava.core.runtime;

import io.wasmjava.core.host.Host;

/**
 * Something that takes a stream's response away from the plugin's response handlers ({@link RouteCall}). An
 * interface, not the class itself, so that a module whose plugin never makes one links none of its code: TeaVM links
 * the targets of an interface call only among classes the module instantiates.
 */
interface ResponseTakeover {
    /** The response-headers phase; returns the header status. */
    int onResponseHeaders(Host host, boolean endOfStream);

    /** A response-body chunk; returns the data status. */
    int onResponseBody(Stream<?> stream, Host host, int bodySize, boolean endOfStream);
}
