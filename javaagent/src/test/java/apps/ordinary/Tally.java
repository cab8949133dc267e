package apps.ordinary;

import io.memfabric.annotations.Shared;

/**
 * Counts through the class's own monitor, the way a program written for one JVM would: a {@code static synchronized}
 * method, a {@code synchronized (Tally.class)} block, and {@code wait}/{@code notifyAll} on the class.
 */
public class Tally
{
    @Shared("fabric://ordinary/tally/count")
    static long count;

    @Shared("fabric://ordinary/tally/arrived")
    static int arrived;

    static synchronized void increment()
    {
        count++;
    }

    static void incrementInBlock()
    {
        synchronized (Tally.class)
        {
            count++;
        }
    }

    static synchronized long count()
    {
        return count;
    }

    /** Waits on the class until {@code parties} JVMs arrived. */
    static synchronized void arriveAndAwait(final int parties) throws InterruptedException
    {
        arrived++;
        Tally.class.notifyAll();
        while (arrived < parties)
        {
            Tally.class.wait();
        }
    }
}
