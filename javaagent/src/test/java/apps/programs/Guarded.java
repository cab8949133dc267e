/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package apps.programs;

import io.memfabric.annotations.Shared;

/**
 * A monitor with some state under it.
 */
@Shared
public class Guarded
{
    String owner;
    long value;
}
