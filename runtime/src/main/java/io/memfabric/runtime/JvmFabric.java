/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime;

import io.memfabric.FabricUnavailableException;

import java.util.function.Supplier;

/**
 * "The fabric of this JVM": bound once by the agent's entry point, read by {@link io.memfabric.Fabric#current()} and
 * by static {@code @Shared} fields. It is the only process-wide state of the runtime; everything else belongs to a
 * {@link FabricNode}, so several nodes can live in one JVM.
 */
public final class JvmFabric
{
    private static volatile FabricNode bound;
    // Opens the fabric on first use, for a fabric that costs nothing until then (the embedded one).
    private static Supplier<FabricNode> opener;
    private static RuntimeException openFailure;
    private static volatile boolean agentLoaded;

    private JvmFabric()
    {
    }

    /**
     * Binds the fabric of this JVM. Called once, by the agent.
     *
     * @param node the fabric the agent opened.
     * @throws IllegalStateException if a fabric is already bound.
     */
    public static synchronized void bind(final FabricNode node)
    {
        if (bound != null)
        {
            throw new IllegalStateException("the fabric of this JVM is already bound: " + bound);
        }
        agentLoaded = true;
        bound = node;
    }

    /**
     * Binds the fabric of this JVM to be opened on first use (a root, {@code Fabric.current()}, a class monitor of a
     * class with roots): a JVM that never uses it never opens it. Called once, by the agent.
     *
     * @param open opens the fabric; a failure is thrown to the first user and to every later one.
     * @throws IllegalStateException if a fabric is already bound.
     */
    public static synchronized void bindLazily(final Supplier<FabricNode> open)
    {
        if (bound != null || opener != null)
        {
            throw new IllegalStateException("the fabric of this JVM is already bound");
        }
        agentLoaded = true;
        opener = open;
    }

    /**
     * Closes the fabric if it was opened; never opens one. For the agent's shutdown hook.
     */
    public static void closeIfOpen()
    {
        final FabricNode node = bound;
        if (node != null)
        {
            node.close();
        }
    }

    private static synchronized FabricNode open()
    {
        if (bound == null && opener != null)
        {
            final Supplier<FabricNode> open = opener;
            opener = null;
            try
            {
                bound = open.get();
            }
            catch (final RuntimeException ex)
            {
                openFailure = ex;
            }
        }
        if (bound == null && openFailure != null)
        {
            final FabricUnavailableException failure = new FabricUnavailableException(
                "The fabric of this JVM could not be opened: " + openFailure.getMessage());
            failure.initCause(openFailure);
            throw failure;
        }
        return bound;
    }

    /**
     * @return the bound fabric, opened now if it was bound to open on first use.
     * @throws FabricUnavailableException if the agent bound none, it could not be opened, or it was closed.
     */
    public static FabricNode current()
    {
        FabricNode node = bound;
        if (node == null)
        {
            node = open();
        }
        if (node == null)
        {
            throw new FabricUnavailableException(agentLoaded ?
                "The MemFabric agent is loaded but has not bound a fabric yet (it failed at start; see its error " +
                "above)." :
                "This JVM was started without the MemFabric agent, so it has no fabric: start it with " +
                "-javaagent:/path/to/fabric.jar. (Fabric.open(new FabricConfig()) opens a fabric without the agent, " +
                "but @Shared classes are only shareable when the agent has rewritten them.)");
        }
        if (node.isClosed())
        {
            throw new FabricUnavailableException("The fabric of this JVM was closed; it cannot be used any more.");
        }
        return node;
    }

    /**
     * @return the bound fabric, or {@code null} if none is bound; never throws.
     */
    static FabricNode boundOrNull()
    {
        return bound;
    }

    /**
     * @return the bound fabric, opened now if it was bound to open on first use, or {@code null} if none is bound or
     * it could not be opened; never throws.
     */
    static FabricNode openedOrNull()
    {
        final FabricNode node = bound;
        if (node != null)
        {
            return node;
        }
        try
        {
            return open();
        }
        catch (final RuntimeException ex)
        {
            return null;
        }
    }

    /**
     * @return whether the agent is loaded in this JVM.
     */
    public static boolean isAgentLoaded()
    {
        return agentLoaded;
    }

    /**
     * Records that the agent is loaded, before it binds a fabric, so errors can say so.
     */
    public static void agentLoaded()
    {
        agentLoaded = true;
    }
}
