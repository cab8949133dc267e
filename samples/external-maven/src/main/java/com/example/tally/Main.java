package com.example.tally;

import io.memfabric.Fabric;
import io.memfabric.annotations.Shared;

/** Counts in four threads on one shared tally and prints what the fabric saw. */
public class Main
{
    @Shared("fabric://tally/visits")
    static Tally visits = new Tally();

    public static void main(final String[] args) throws InterruptedException
    {
        final Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++)
        {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 1_000; i++)
                {
                    visits.increment();
                }
            });
            threads[t].start();
        }
        for (final Thread thread : threads)
        {
            thread.join();
        }
        final Fabric fabric = Fabric.current();
        System.out.println("visits=" + visits.count() + " shared=" + fabric.isShared(visits) + " " + fabric.stats());
    }
}
