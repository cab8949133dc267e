/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package apps.cluster;

import io.memfabric.Fabric;

/**
 * A program on a cluster that ends the ordinary way, by returning from {@code main} (no {@code System.exit}): its JVM
 * must exit by itself, leaving the cluster as it goes.
 */
public final class ReturnsFromMain
{
    private ReturnsFromMain()
    {
    }

    /**
     * @param args the value to deposit.
     */
    public static void main(final String[] args)
    {
        final Bank bank = Fabric.current().root("fabric://it/bank", Bank.class, Bank::new);
        synchronized (bank)
        {
            System.out.println("ENTERED");
        }
        System.out.println("RETURNING");
    }
}
