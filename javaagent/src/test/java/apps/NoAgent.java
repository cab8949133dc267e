package apps;

import io.memfabric.Fabric;
import io.memfabric.FabricUnavailableException;

/** Calls the Fabric API in a JVM started without the agent. */
public final class NoAgent
{
    public static void main(final String[] args)
    {
        try
        {
            Fabric.current();
            System.out.println("UNEXPECTED: got a fabric without the agent");
            System.exit(1);
        }
        catch (final FabricUnavailableException ex)
        {
            System.out.println("clear error: " + ex.getMessage());
        }
    }
}
