/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.access;

/**
 * The unshared peer of {@link SharedCell}: the same shape, so plain and volatile access go through the same one
 * dereference as shared access does.
 */
public class PlainCell
{
    long value;
    volatile long volatileValue;
}
