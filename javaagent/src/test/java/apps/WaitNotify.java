package apps;

import apps.model.Queue;
import io.memfabric.Fabric;

/** Producers and consumers over a shared bounded queue, using synchronized methods, wait and notifyAll. */
public final class WaitNotify
{
    public static void main(final String[] args) throws Exception
    {
        final Queue queue = Fabric.current().root("fabric://waitnotify/queue", Queue.class, () -> new Queue(4));
        final int producers = 3;
        final int perProducer = 2_000;
        final long[] sums = new long[producers];
        final Thread[] threads = new Thread[producers * 2];
        for (int p = 0; p < producers; p++)
        {
            final int id = p;
            threads[p] = new Thread(() ->
            {
                for (int i = 1; i <= perProducer; i++)
                {
                    try
                    {
                        queue.put(i);
                    }
                    catch (final InterruptedException ex)
                    {
                        throw new IllegalStateException(ex);
                    }
                }
            });
            threads[producers + p] = new Thread(() ->
            {
                long sum = 0;
                for (int i = 0; i < perProducer; i++)
                {
                    try
                    {
                        sum += queue.take();
                    }
                    catch (final InterruptedException ex)
                    {
                        throw new IllegalStateException(ex);
                    }
                }
                sums[id] = sum;
            });
        }
        for (final Thread thread : threads)
        {
            thread.start();
        }
        for (final Thread thread : threads)
        {
            thread.join();
        }
        long total = 0;
        for (final long sum : sums)
        {
            total += sum;
        }
        final long expected = (long)producers * perProducer * (perProducer + 1) / 2;
        System.out.println("waitnotify total=" + total + " expected=" + expected + " " + Fabric.current().stats());
        System.exit(total == expected && Fabric.current().stats().waits() > 0 ? 0 : 1);
    }
}
