/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package apps;

import io.memfabric.Fabric;
import io.memfabric.FabricUnavailableException;

/**
 * A program compiled against the API artifact and run without the agent, as from an IDE that was not told about it.
 */
public final class ApiOnly
{
    private ApiOnly()
    {
    }

    /**
     * @param args unused.
     */
    public static void main(final String[] args)
    {
        try
        {
            Fabric.current();
            System.out.println("UNEXPECTED: a fabric without the agent");
        }
        catch (final FabricUnavailableException ex)
        {
            System.out.println("REFUSED " + ex.getMessage());
        }
    }
}
