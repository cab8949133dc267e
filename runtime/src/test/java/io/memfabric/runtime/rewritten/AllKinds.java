/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime.rewritten;

import io.memfabric.runtime.ObjectHeader;
import io.memfabric.runtime.SharedInstance;

import java.util.concurrent.TimeUnit;

/**
 * A shareable class as the agent would leave it, with a shared field of every supported kind, including a final one.
 */
public class AllKinds implements SharedInstance
{
    static final String $mf$slots = "z Z STRONG\nb B STRONG\nc C STRONG\ns S STRONG\ni I STRONG\nj J STRONG\n" +
        "f F STRONG\nd D STRONG\nboxed Ljava/lang/Long; STRONG\nnoBox Ljava/lang/Integer; STRONG\n" +
        "text Ljava/lang/String; STRONG\nunit Ljava/util/concurrent/TimeUnit; STRONG\n" +
        "next Lio/memfabric/runtime/rewritten/AllKinds; STRONG\nid J STRONG";

    public volatile transient ObjectHeader $mf$h;
    public volatile boolean z;
    public volatile byte b;
    public volatile char c;
    public volatile short s;
    public volatile int i;
    public volatile long j;
    public volatile float f;
    public volatile double d;
    public volatile Long boxed;
    public volatile Integer noBox;
    public volatile String text;
    public volatile TimeUnit unit;
    public volatile AllKinds next;
    public final long id;

    public AllKinds()
    {
        this(0);
    }

    public AllKinds(final long id)
    {
        this.id = id;
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
