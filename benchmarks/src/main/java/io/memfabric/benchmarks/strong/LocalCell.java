/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.strong;

/**
 * A {@link BenchCell} that is not shared: the plain field read the leased shared read is held against.
 */
final class LocalCell
{
    long value;
}
