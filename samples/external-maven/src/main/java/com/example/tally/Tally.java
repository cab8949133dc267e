package com.example.tally;

import io.memfabric.annotations.Shared;

/** A count every JVM on the fabric shares. */
@Shared
public class Tally
{
    long count;

    public synchronized long increment()
    {
        return ++count;
    }

    public synchronized long count()
    {
        return count;
    }
}
