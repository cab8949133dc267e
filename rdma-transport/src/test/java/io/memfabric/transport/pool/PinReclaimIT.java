/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport.pool;

import io.memfabric.transport.PageKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.memfabric.transport.pool.Pages.SLOT;
import static io.memfabric.transport.pool.Pages.assertPage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JVM that dies with pages pinned does not pin them forever: its pins hold until its lease lapses, then the next
 * JVM that looks reclaims them.
 */
@Timeout(120)
class PinReclaimIT
{
    private static final int SLOTS = 4;
    private static final int LENGTH = SLOT - 100;
    /** Renewed every third, so at least about a second passes between the SIGKILL and the lapse. */
    private static final long CHILD_LEASE_MS = 1_500;

    @Test
    void pinsOfAKilledJvmAreReclaimedAfterItsLease(@TempDir final Path dir) throws Exception
    {
        final PageKey newcomer = Pages.key("newcomer");
        try (ChildJvm child = ChildJvm.start(Pages.config(dir, SLOTS).leaseMs(CHILD_LEASE_MS),
            "pin", String.valueOf(SLOTS), String.valueOf(LENGTH), "pinned-"))
        {
            child.await("READY", 60);
            try (PagePool pool = PagePool.open(Pages.config(dir, SLOTS)))
            {
                assertEquals(SLOTS, pool.stats().pages(), "the child filled the pool");
                assertThrows(PoolFullException.class, () -> Pages.put(pool, newcomer, LENGTH), "the child lives");

                child.kill();
                final long killedNs = System.nanoTime();
                final PoolFullException beforeLapse =
                    assertThrows(PoolFullException.class, () -> Pages.put(pool, newcomer, LENGTH),
                    "dead, but its lease has not lapsed yet: its pins still hold");
                assertEquals((long)SLOTS * SLOT, beforeLapse.pinnedBytes());
                assertEquals(0, pool.stats().holdersReclaimed());

                try (PinnedPage admitted = Pages.putWithin(pool, newcomer, LENGTH, 30_000))
                {
                    final long waitedMs = (System.nanoTime() - killedNs) / 1_000_000;
                    assertPage(admitted, newcomer, LENGTH);
                    final PoolStats stats = pool.stats();
                    assertEquals(1, stats.holdersReclaimed(), stats.toString());
                    assertEquals(SLOTS, stats.pinsReclaimed(), stats.toString());
                    assertEquals(1, stats.evictions(), stats.toString());
                    assertEquals(1, stats.liveHolders(), stats.toString());
                    assertFalse(pool.contains(Pages.key("pinned-0")), "the oldest of the child's pages made room");
                    assertTrue(pool.contains(Pages.key("pinned-1")));
                    System.out.println("pin reclaim: put admitted " + waitedMs + " ms after SIGKILL (child lease " +
                        CHILD_LEASE_MS + " ms): " + stats);
                }
            }
        }
    }
}
