/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package benchhello;

import io.memfabric.Fabric;
import io.memfabric.annotations.Shared;

/**
 * The program of the {@code startup} suite that shares one object: it opens the JVM's fabric (embedded, or the
 * cluster named by {@code memfabric.cluster}), writes a shared field of a root and reads it back.
 */
public final class SharesOne
{
    /**
     * The shared class.
     */
    @Shared
    public static class Cell
    {
        long value;
    }

    private SharesOne()
    {
    }

    /**
     * @param args ignored.
     */
    public static void main(final String[] args)
    {
        final Cell cell = Fabric.current().root("fabric://startup/cell", Cell.class, Cell::new);
        cell.value = 42;
        if (cell.value != 42)
        {
            throw new IllegalStateException("read back " + cell.value);
        }
        System.out.println("shared " + cell.value);
        System.exit(0);
    }
}
