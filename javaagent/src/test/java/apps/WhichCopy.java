package apps;

import io.memfabric.Fabric;
import io.memfabric.annotations.Shared;

/**
 * Says where the API class and the runtime came from, and that the fabric works: a program with the API artifact on
 * its class path as well as the agent (as under a build tool's test runner, where a provided dependency is there).
 */
public final class WhichCopy
{
    @Shared("fabric://which/counter")
    static Counter counter = new Counter();

    public static void main(final String[] args)
    {
        final Fabric fabric = Fabric.current();
        synchronized (counter)
        {
            counter.value++;
        }
        System.out.println("Fabric from " + Fabric.class.getProtectionDomain().getCodeSource().getLocation());
        System.out.println("runtime from " + fabric.getClass().getProtectionDomain().getCodeSource().getLocation());
        System.out.println("same loader " + (Fabric.class.getClassLoader() == fabric.getClass().getClassLoader()));
        System.out.println("counter=" + counter.value + " shared=" + fabric.isShared(counter));
    }

    @Shared
    public static final class Counter
    {
        long value;
    }
}
