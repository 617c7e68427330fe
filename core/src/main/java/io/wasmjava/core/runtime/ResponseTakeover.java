package io.wasmjava.core.runtime;

import io.wasmjava.core.Plugin;
import io.wasmjava.core.host.Host;

/**
 * Something that takes a stream's response away from the plugin's response handlers ({@link RouteCall}): it answers
 * the response-headers phase, and takes the whole response body as a buffered body handler does (the stream buffers
 * it and applies {@link io.wasmjava.core.Limits#maxBodyBytes()} as for the plugin's own handler). An interface, not
 * the class itself, so that a module whose plugin never makes one links none of its code: TeaVM links the targets of
 * an interface call only among classes the module instantiates.
 */
interface ResponseTakeover extends Plugin.BodyHandler<Object> {
    /** The response-headers phase; returns the header status. */
    int onResponseHeaders(Host host, boolean endOfStream);
}
