/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.jcstress.cells;

import io.memfabric.annotations.Shared;

/**
 * One shared {@code long}: the cluster keeps it in one 64-bit slot, a local copy in one field.
 */
@Shared
public class LongCell
{
    public long value;
}
