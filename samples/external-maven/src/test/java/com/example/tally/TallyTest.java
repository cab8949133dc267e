package com.example.tally;

import io.memfabric.Fabric;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TallyTest
{
    @Test
    void theRootIsSharedAndCountsExactlyUnderSynchronized() throws InterruptedException
    {
        final Fabric fabric = Fabric.current();
        final Tally tally = fabric.root("fabric://tally/test", Tally.class, Tally::new);
        assertTrue(fabric.isShared(tally));
        assertSame(tally, fabric.root("fabric://tally/test", Tally.class, Tally::new));

        final Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++)
        {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 500; i++)
                {
                    tally.increment();
                }
            });
            threads[t].start();
        }
        for (final Thread thread : threads)
        {
            thread.join();
        }
        assertEquals(2_000, tally.count());
        assertTrue(fabric.stats().toString().length() > 0);
    }

    @Test
    void aTallyBecomesSharedWhenStoredInASharedField()
    {
        final Tally loose = new Tally();
        assertFalse(Fabric.current().isShared(loose));
        Main.visits = loose;
        assertTrue(Fabric.current().isShared(loose));
    }
}
