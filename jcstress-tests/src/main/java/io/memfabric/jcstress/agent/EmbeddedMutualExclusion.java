/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.jcstress.agent;

import io.memfabric.jcstress.FabricNodes;
import io.memfabric.jcstress.cells.Counter;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The agent unfolds {@code synchronized} methods of shared classes into monitor enter/exit with the fabric's hooks
 * around them; two threads incrementing under them lose nothing.
 */
@JCStressTest
@Outcome(id = "2", expect = ACCEPTABLE, desc = "both increments counted")
@Outcome(expect = FORBIDDEN, desc = "an increment was lost")
@State
public class EmbeddedMutualExclusion
{
    final Counter counter = FabricNodes.embedded().share(Counter::new)[0];

    @Actor
    public void thread1()
    {
        counter.increment();
    }

    @Actor
    public void thread2()
    {
        counter.increment();
    }

    @Arbiter
    public void check(final I_Result r)
    {
        r.r1 = counter.get();
    }
}
