/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.jcstress.nodes;

import io.memfabric.jcstress.FabricNodes;
import io.memfabric.jcstress.Spin;
import io.memfabric.jcstress.cells.CausalCell;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Message passing with CAUSAL fields: node 0 writes data, then a flag (separate objects); node 1 waits for the flag
 * and reads the data. The flag's write follows the data's on node 0, so no node may see the flag without the data.
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "saw the flag, then the data before it")
@Outcome(id = "0, 0", expect = ACCEPTABLE_INTERESTING, desc = "the flag did not arrive within the bound")
@Outcome(id = "0, 1", expect = ACCEPTABLE_INTERESTING, desc = "the flag did not arrive within the bound")
@Outcome(id = "1, 0", expect = FORBIDDEN, desc = "saw the flag before the data written before it")
@State
public class CausalMessagePassing
{
    final CausalCell[] data = FabricNodes.cluster().share(CausalCell::new);
    final CausalCell[] flag = FabricNodes.cluster().share(CausalCell::new);

    @Actor
    public void writer()
    {
        data[0].value = 1;
        flag[0].value = 1;
    }

    @Actor
    public void reader(final II_Result r)
    {
        r.r1 = Spin.until(() -> flag[1].value == 1, Spin.BOUND_MS) ? 1 : 0;
        r.r2 = data[1].value;
    }
}
