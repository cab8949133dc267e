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
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Write-to-read causality over three nodes with CAUSAL fields: node 0 writes a question; node 1, once it sees the
 * question, writes an answer; node 2, once it sees the answer, reads the question. The answer is an effect of the
 * question (node 1 saw it before writing), so node 2 must never see the answer without the question. Node 2's part
 * is the arbiter (after both actors), so the test needs two CPUs, not three.
 */
@JCStressTest
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "saw the answer and its question")
@Outcome(id = {"0, 0, 0", "0, 0, 1", "1, 0, 0", "1, 0, 1"}, expect = ACCEPTABLE_INTERESTING,
    desc = "something did not arrive within the bound")
@Outcome(id = "1, 1, 0", expect = FORBIDDEN, desc = "saw the answer before its question")
@Outcome(id = {"0, 1, 0", "0, 1, 1"}, expect = FORBIDDEN, desc = "an answer no question caused")
@State
public class CausalTransitivity
{
    final CausalCell[] question = FabricNodes.cluster().share(CausalCell::new);
    final CausalCell[] answer = FabricNodes.cluster().share(CausalCell::new);

    @Actor
    public void asker()
    {
        question[0].value = 1;
    }

    @Actor
    public void answerer(final III_Result r)
    {
        r.r1 = Spin.until(() -> question[1].value == 1, Spin.BOUND_MS) ? 1 : 0;
        if (r.r1 == 1)
        {
            answer[1].value = 1;
        }
    }

    @Arbiter
    public void watcher(final III_Result r)
    {
        r.r2 = Spin.until(() -> answer[2].value == 1, Spin.BOUND_MS) ? 1 : 0;
        r.r3 = question[2].value;
    }
}
