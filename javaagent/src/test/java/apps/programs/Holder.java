/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package apps.programs;

import io.memfabric.annotations.Shared;

/**
 * The root the programs share: a list, a note, and records.
 */
@Shared
public class Holder
{
    Node head;
    int size;
    String note;
    Point point;
    Message message;
}
