/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime;

import io.memfabric.FabricUnavailableException;

/**
 * "The fabric of this JVM": bound once by the agent's entry point, read by {@link io.memfabric.Fabric#current()} and
 * by static {@code @Shared} fields. It is the only process-wide state of the runtime; everything else belongs to a
 * {@link FabricNode}, so several nodes can live in one JVM.
 */
public final class JvmFabric
{
    private static volatile FabricNode bound;
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
     * @return the bound fabric.
     * @throws FabricUnavailableException if the agent bound none, or it was closed.
     */
    public static FabricNode current()
    {
        final FabricNode node = bound;
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
