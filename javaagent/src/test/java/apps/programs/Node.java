/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package apps.programs;

import io.memfabric.annotations.Shared;

/**
 * A link of a list, as a user would write one.
 */
@Shared
public class Node
{
    int index;
    String text;
    Node next;

    Node(final int index, final String text, final Node next)
    {
        this.index = index;
        this.text = text;
        this.next = next;
    }
}
