/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.jcstress.agent;

import io.memfabric.annotations.Shared;
import io.memfabric.jcstress.cells.GraphNode;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Publication through a static root ({@code @Shared("fabric://...") static}) of the JVM's fabric: a thread stores a
 * new chain into the root with one assignment while another reads the root and walks what it finds. It finds no
 * chain yet or a whole one (this sample's or an earlier sample's), never a part.
 */
@JCStressTest
@Outcome(id = "0", expect = ACCEPTABLE, desc = "no chain stored yet")
@Outcome(id = "10", expect = ACCEPTABLE, desc = "a whole chain")
@Outcome(expect = FORBIDDEN, desc = "part of a chain")
@State
public class StaticRootPublication
{
    @Shared("fabric://jcstress/agent/static-root-publication")
    static GraphNode root;

    @Actor
    public void publisher()
    {
        root = GraphNode.chain(4);
    }

    @Actor
    public void reader(final I_Result r)
    {
        r.r1 = GraphNode.sum(root);
    }
}
