package apps;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.Set;

/**
 * The fabric nodes' counter beans of this JVM, as JMX shows them (registered off the opening thread: waited for).
 */
public final class NodeBeans
{
    private NodeBeans()
    {
    }

    /**
     * @return the names of the FabricNode beans, once there is one (or after 10 s, empty).
     * @throws Exception if JMX fails.
     */
    public static Set<ObjectName> names() throws Exception
    {
        final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        final ObjectName pattern = new ObjectName("io.memfabric:type=FabricNode,*");
        Set<ObjectName> names = server.queryNames(pattern, null);
        for (long deadline = System.currentTimeMillis() + 10_000; names.isEmpty() &&
            System.currentTimeMillis() < deadline; names = server.queryNames(pattern, null))
        {
            Thread.sleep(20);
        }
        return names;
    }

    /**
     * @param name a counter, e.g. {@code locks_kept}.
     * @return its value on this JVM's (first) node.
     * @throws Exception if JMX fails or there is no node.
     */
    public static long counter(final String name) throws Exception
    {
        return ((Number)ManagementFactory.getPlatformMBeanServer().getAttribute(names().iterator().next(), name))
            .longValue();
    }
}
