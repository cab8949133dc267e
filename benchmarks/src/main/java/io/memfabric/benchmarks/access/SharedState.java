/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.access;

import io.memfabric.Fabric;
import io.memfabric.runtime.RewriteContract;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.lang.reflect.Method;

/**
 * A {@link SharedCell} held by a root of the fabric of this JVM (embedded: no cluster). Refuses to run unless the
 * agent is really there: without it a "shared" read would be measured as the plain read it then is.
 */
@State(Scope.Thread)
public class SharedState
{
    /**
     * The root the cell is held by.
     */
    public static final String ROOT_URI = "fabric://bench/cell";

    SharedCell cell;

    /**
     * What the write benchmarks write; a field, so the compiler cannot treat it as a constant.
     */
    long input = 42;

    /**
     * Gets the root and checks that the agent made it shared.
     */
    @Setup(Level.Trial)
    public void openRoot()
    {
        // Throws FabricUnavailableException, saying why, when this JVM has no agent.
        final Fabric fabric = Fabric.current();
        cell = fabric.root(ROOT_URI, SharedCell.class, SharedCell::new);
        if (!fabric.isShared(cell))
        {
            throw new IllegalStateException("the root " + ROOT_URI + " is not shared: the agent did not make " +
                SharedCell.class.getName() + " shareable, so the shared benchmarks would measure plain access");
        }
        if (!declaresMethod(SharedCell.class, RewriteContract.READ_PREFIX + "value") ||
            !declaresMethod(SharedCell.class, RewriteContract.WRITE_PREFIX + "value"))
        {
            throw new IllegalStateException("the agent generated no accessors for " + SharedCell.class.getName() +
                ".value, so its reads and writes are not rewritten");
        }

        cell.value = 42;
        if (42 != cell.value)
        {
            throw new IllegalStateException("a write to the shared cell was not read back");
        }
    }

    private static boolean declaresMethod(final Class<?> type, final String name)
    {
        for (final Method method : type.getDeclaredMethods())
        {
            if (method.getName().equals(name))
            {
                return true;
            }
        }
        return false;
    }
}
