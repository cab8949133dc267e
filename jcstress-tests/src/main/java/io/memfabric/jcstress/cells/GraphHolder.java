/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.jcstress.cells;

import io.memfabric.annotations.Shared;

/**
 * A shared object a new graph is published into by one store.
 */
@Shared
public class GraphHolder
{
    public GraphNode head;
}
