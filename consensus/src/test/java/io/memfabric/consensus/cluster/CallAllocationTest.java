/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.cluster;

import io.memfabric.FabricException;
import io.memfabric.consensus.client.ClientConfig;
import io.memfabric.consensus.client.ConsensusException;
import io.memfabric.consensus.client.FabricConsensus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The blocking calls the runtime uses allocate nothing per request on the calling thread, once warmed up, against a
 * real 3-member cluster in this JVM. Counted by {@link com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes()}
 * over many operations, with a bound of less than a byte per operation on average; no timing is asserted. (The
 * client thread's share is measured by the benchmarks' {@code ClientAllocation} harness, {@code ./fabric bench
 * alloc}.)
 */
@Timeout(180)
class CallAllocationTest
{
    private static final int WARMUP = 300;
    private static final int OPS = 600;
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    @RegisterExtension
    final TestClusterExtension cluster = new TestClusterExtension(3);

    @Test
    void steadyStateLockUnlockAndFencedWritesAllocateNothingOnTheCallingThread() throws Exception
    {
        assumeTrue(THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled(),
            "this JVM counts no allocated bytes per thread");
        cluster.awaitLeader(10_000);
        final FabricConsensus consensus = new FabricConsensus(cluster.newClient(new ClientConfig()));
        final long object = consensus.root("fabric://test/alloc").get();

        for (int i = 0; i < WARMUP; i++)
        {
            lockUnlock(consensus);
        }
        long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < OPS; i++)
        {
            lockUnlock(consensus);
        }
        final long lockBytes = THREADS.getCurrentThreadAllocatedBytes() - before;

        final long token = consensus.lockCall(2, 1, -1).join();
        assertTrue(token > 0);
        for (int i = 0; i < WARMUP; i++)
        {
            consensus.writeLongCall(2, token, object, 0, i).join();
        }
        before = THREADS.getCurrentThreadAllocatedBytes();
        long version = 0;
        for (int i = 0; i < OPS; i++)
        {
            version = consensus.writeLongCall(2, token, object, 0, i).join();
        }
        final long writeBytes = THREADS.getCurrentThreadAllocatedBytes() - before;

        assertTrue(lockBytes < OPS, lockBytes + " bytes allocated by " + OPS + " lock+unlock pairs");
        assertTrue(writeBytes < OPS, writeBytes + " bytes allocated by " + OPS + " fenced writeLongs");
        assertTrue(version > 0);
        assertEquals(OPS - 1, consensus.readLongCall(object, 0, 0).join());
    }

    @Test
    void aFencedWriteWithAStaleTokenFailsTheCallWithItsCode() throws Exception
    {
        cluster.awaitLeader(10_000);
        final FabricConsensus a = new FabricConsensus(cluster.newClient(new ClientConfig()));
        final FabricConsensus b = new FabricConsensus(cluster.newClient(new ClientConfig()));
        final long object = a.root("fabric://test/stale").get();

        final long old = a.lockCall(1, 1, -1).join();
        a.writeLongCall(1, old, object, 0, 100).join();
        assertEquals(0, a.unlockCall(1, 1).join());
        final long current = b.lockCall(1, 1, -1).join();
        assertTrue(current > old, "fencing tokens increase with every grant");
        assertEquals(0, a.lockCall(1, 1, 0).join(), "a try while another client holds the lock is not granted");
        b.writeLongCall(1, current, object, 0, 200).join();

        final ConsensusException stale = assertThrows(ConsensusException.class,
            () -> a.writeLongCall(1, old, object, 0, 999).join());
        assertEquals(ConsensusException.Reason.STALE_TOKEN, stale.reason());
        assertEquals(FabricException.Category.LOST, stale.category());
        assertEquals(200, b.readLongCall(object, 0, 0).join());
    }

    private static void lockUnlock(final FabricConsensus consensus)
    {
        consensus.lockCall(1, 1, -1).join();
        consensus.unlockCall(1, 1).join();
    }
}
