/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.jcstress.cells;

import io.memfabric.annotations.Shared;

/**
 * One shared {@code double}.
 */
@Shared
public class DoubleCell
{
    public double value;
}
