/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.jcstress.nodes;

import io.memfabric.FabricException;
import io.memfabric.jcstress.FabricNodes;
import io.memfabric.jcstress.Spin;
import io.memfabric.jcstress.cells.GraphHolder;
import io.memfabric.jcstress.cells.GraphNode;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Publication of a new object graph: node 0 stores a new four-node chain (values 1 to 4) into a shared field with
 * one assignment; node 1 waits for the reference and walks the chain. It sees the whole graph, never part of it.
 */
@JCStressTest
@Outcome(id = "10", expect = ACCEPTABLE, desc = "saw the whole chain")
@Outcome(id = "0", expect = ACCEPTABLE_INTERESTING, desc = "the reference did not show within the bound")
@Outcome(id = "-1", expect = FORBIDDEN, desc = "the reference led to objects not written yet")
@Outcome(expect = FORBIDDEN, desc = "saw part of the chain")
@State
public class GraphPublication
{
    final GraphHolder[] holder = FabricNodes.cluster().share(GraphHolder::new);

    @Actor
    public void publisher()
    {
        holder[0].head = GraphNode.chain(4);
    }

    @Actor
    public void reader(final I_Result r)
    {
        try
        {
            r.r1 = Spin.until(() -> holder[1].head != null, Spin.BOUND_MS) ? GraphNode.sum(holder[1].head) : 0;
        }
        catch (final FabricException ex)
        {
            r.r1 = -1;
        }
    }
}
