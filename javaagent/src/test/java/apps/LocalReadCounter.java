package apps;

import apps.model.AllTypes;
import io.memfabric.Fabric;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.Set;

/**
 * Reads a shared field a number of times on the embedded fabric, then prints the node's counters as JMX shows them:
 * {@code reads_local} counts only when the JVM runs with {@code memfabric.stats.reads=true}.
 */
public final class LocalReadCounter
{
    public static void main(final String[] args) throws Exception
    {
        final int reads = Integer.parseInt(args[0]);
        final AllTypes shared = Fabric.current().root("fabric://counters/a", AllTypes.class, AllTypes::new);
        shared.i = 7;
        long sum = 0;
        for (int n = 0; n < reads; n++)
        {
            sum += shared.i;
        }
        System.out.println("sum " + sum);

        final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        final Set<ObjectName> names = NodeBeans.names();
        for (final ObjectName name : names)
        {
            for (final String counter : new String[]{ "reads_local", "objects_published", "locks_acquired" })
            {
                System.out.println(name + " " + counter + " " + server.getAttribute(name, counter));
            }
        }
        System.out.println("beans " + names.size());
    }
}
