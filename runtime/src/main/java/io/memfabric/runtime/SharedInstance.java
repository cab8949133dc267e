/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime;

/**
 * Implemented by every class the agent made shareable: the top class of a hierarchy with shared fields gains a
 * synthetic {@code $mf$h} field holding its {@link ObjectHeader} and these two accessors. The header is {@code null}
 * while the object is local to the thread that made it, and set once when the object becomes shared.
 * <p>
 * Not for application code: the names start with {@code $mf$} to stay out of the way of the class's own members.
 */
public interface SharedInstance
{
    /**
     * @return the object's header, or {@code null} while it is not shared.
     */
    ObjectHeader $mf$header();

    /**
     * Sets the header when the object becomes shared.
     *
     * @param header the header.
     */
    void $mf$header(ObjectHeader header);
}
