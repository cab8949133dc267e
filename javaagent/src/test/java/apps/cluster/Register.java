package apps.cluster;

import io.memfabric.annotations.Shared;

/** One register of the linearizability workload: writes and compare-and-set under its monitor, reads without. */
@Shared
public class Register
{
    long value;

    public synchronized void set(final long newValue)
    {
        value = newValue;
    }

    public synchronized boolean compareAndSet(final long expected, final long newValue)
    {
        if (value != expected)
        {
            return false;
        }
        value = newValue;
        return true;
    }
}
