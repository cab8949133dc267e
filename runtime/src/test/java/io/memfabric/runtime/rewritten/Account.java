/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime.rewritten;

import io.memfabric.runtime.ObjectHeader;
import io.memfabric.runtime.SharedInstance;

/**
 * What the agent makes of {@code @Shared class Account { long balance; String owner; }}: two shared fields, neither
 * of which refers to a shareable class.
 */
public class Account implements SharedInstance
{
    static final String $mf$slots = "balance J STRONG\nowner Ljava/lang/String; STRONG";

    public volatile transient ObjectHeader $mf$h;

    public volatile long balance;
    public volatile String owner;

    public Account()
    {
    }

    public Account(final long balance)
    {
        this.balance = balance;
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
