/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime.rewritten;

import io.memfabric.runtime.ObjectHeader;
import io.memfabric.runtime.SharedInstance;

/**
 * The top shareable class of a hierarchy: it holds the header and lists its own shared fields; {@link Derived} lists
 * the fields it adds.
 */
public class Base implements SharedInstance
{
    static final String $mf$slots = "id J STRONG\nparent Lio/memfabric/runtime/rewritten/Base; STRONG";

    public volatile transient ObjectHeader $mf$h;

    public volatile long id;
    public volatile Base parent;

    public ObjectHeader $mf$header()
    {
        return $mf$h;
    }

    public void $mf$header(final ObjectHeader header)
    {
        $mf$h = header;
    }
}
