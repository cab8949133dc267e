/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.jcstress.cells;

import io.memfabric.annotations.Consistency;
import io.memfabric.annotations.Shared;

/**
 * One CAUSAL {@code int}: written locally at once, replicated over the data plane in causal order.
 */
@Shared(consistency = Consistency.CAUSAL)
public class CausalCell
{
    public int value;
}
