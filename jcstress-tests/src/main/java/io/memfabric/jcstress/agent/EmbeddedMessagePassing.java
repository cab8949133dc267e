/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.jcstress.agent;

import io.memfabric.jcstress.FabricNodes;
import io.memfabric.jcstress.cells.Cell;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Message passing through rewritten accessors on the embedded fabric: data then flag, read flag then data.
 */
@JCStressTest
@Outcome(id = {"0, 0", "0, 1", "1, 1"}, expect = ACCEPTABLE, desc = "in order")
@Outcome(id = "1, 0", expect = FORBIDDEN, desc = "saw the flag but not the data written before it")
@State
public class EmbeddedMessagePassing
{
    final Cell data = FabricNodes.embedded().share(Cell::new)[0];
    final Cell flag = FabricNodes.embedded().share(Cell::new)[0];

    @Actor
    public void writer()
    {
        data.value = 1;
        flag.value = 1;
    }

    @Actor
    public void reader(final II_Result r)
    {
        r.r1 = flag.value;
        r.r2 = data.value;
    }
}
