/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package apps.programs;

import io.memfabric.annotations.Shared;

/**
 * A record, the natural type of a message between agents.
 *
 * @param x     a long.
 * @param y     a double.
 * @param label a string.
 */
@Shared
public record Point(long x, double y, String label)
{
}
