/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime.rewritten;

import io.memfabric.runtime.ObjectHeader;
import io.memfabric.runtime.SharedInstance;

/**
 * What the agent makes of a linked node whose {@code value} and {@code next} are shared while {@code sidecar} is a
 * plain, local field: {@code sidecar} is not listed in {@code $mf$slots}, so publication must not follow it.
 */
public class Node implements SharedInstance
{
    static final String $mf$slots = "value I STRONG\nnext Lio/memfabric/runtime/rewritten/Node; STRONG";

    public volatile transient ObjectHeader $mf$h;

    public volatile int value;
    public volatile Node next;
    public Node sidecar;

    public Node()
    {
    }

    public Node(final int value)
    {
        this.value = value;
    }

    public ObjectHeader $mf$header()
    {
        return $mf$h;
    }

    public void $mf$header(final ObjectHeader header)
    {
        $mf$h = header;
    }
}
