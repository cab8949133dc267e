/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.jcstress.nodes;

import io.memfabric.consensus.client.ConsensusException;
import io.memfabric.consensus.client.FabricConsensus;
import io.memfabric.consensus.client.SlotValue;
import io.memfabric.jcstress.FabricNodes;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import java.util.List;
import java.util.concurrent.CompletionException;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Fencing, at the cluster's protocol (the fabric's writes under {@code synchronized} carry the same tokens): client A
 * held a lock and let it go; a write it sends late, fenced by its old token, races with client B taking the lock
 * and writing under it. The cluster refuses A's write, whenever it arrives, and B's write is the one that lands.
 */
@JCStressTest
@Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "the stale write was refused; the holder's write landed")
@Outcome(id = "0, .*", expect = FORBIDDEN, desc = "a write fenced by a stale token was applied")
@Outcome(expect = FORBIDDEN, desc = "the stale write was refused, yet the value is not the holder's")
@State
public class Fencing
{
    private static final int SLOT = 1;

    final FabricConsensus formerHolder = FabricNodes.cluster().protocolClient(0);
    final FabricConsensus holder = FabricNodes.cluster().protocolClient(1);
    final long lock;
    final long staleToken;

    public Fencing()
    {
        lock = formerHolder.allocateIds(1).join();
        formerHolder.write(0, 0, List.of(new FabricConsensus.Entry(lock, SLOT, SlotValue.ofLong(0)))).join();
        staleToken = formerHolder.lock(lock, 1, -1).join().fencingToken();
        formerHolder.unlock(lock, 1).join();
    }

    @Actor
    public void lateWrite(final II_Result r)
    {
        try
        {
            formerHolder.write(lock, staleToken, List.of(new FabricConsensus.Entry(lock, SLOT, SlotValue.ofLong(1))))
                .join();
            r.r1 = 0;
        }
        catch (final CompletionException ex)
        {
            r.r1 = ex.getCause() instanceof ConsensusException &&
                ((ConsensusException)ex.getCause()).reason() == ConsensusException.Reason.STALE_TOKEN ? 1 : -1;
        }
    }

    @Actor
    public void newHolder()
    {
        final long token = holder.lock(lock, 2, -1).join().fencingToken();
        holder.write(lock, token, List.of(new FabricConsensus.Entry(lock, SLOT, SlotValue.ofLong(2)))).join();
        holder.unlock(lock, 2).join();
    }

    @Arbiter
    public void check(final II_Result r)
    {
        r.r2 = (int)holder.readLong(lock, SLOT).join().longValue();
    }
}
