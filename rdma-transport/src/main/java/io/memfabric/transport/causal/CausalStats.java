/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport.causal;

/**
 * What a {@link CausalOrder} has done, for monitoring: a live view its engine updates as it goes, read on the
 * engine's thread (or copied from it there). Every message the engine did not deliver is counted under a reason.
 */
public final class CausalStats
{
    long delivered;
    long duplicates;
    long rejectedFull;
    long rejectedInvalid;
    long droppedOnLeave;
    long orphaned;
    int held;
    int maxHeld;
    long maxHeldBytes;

    CausalStats()
    {
    }

    /**
     * @return messages from other nodes passed to the listener; the node's own broadcasts are not counted.
     */
    public long delivered()
    {
        return delivered;
    }

    /**
     * @return messages dropped because they were already delivered or held, including held copies made redundant
     *         by {@link CausalOrder#markDelivered(VectorClock)}.
     */
    public long duplicates()
    {
        return duplicates;
    }

    /**
     * @return times a message was refused because the hold-back buffer was full (the caller offers it again).
     */
    public long rejectedFull()
    {
        return rejectedFull;
    }

    /**
     * @return messages refused as invalid: unknown or departed sender, no entry for the sender in the stamp, or a
     *         stamp claiming broadcasts of this node that it never sent.
     */
    public long rejectedInvalid()
    {
        return rejectedInvalid;
    }

    /**
     * @return held messages dropped when a node they depend on left before they could be delivered.
     */
    public long droppedOnLeave()
    {
        return droppedOnLeave;
    }

    /**
     * @return messages that arrived after a node they depend on had left with those dependencies undelivered here.
     */
    public long orphaned()
    {
        return orphaned;
    }

    /**
     * @return messages in the hold-back buffer now.
     */
    public int held()
    {
        return held;
    }

    /**
     * @return the most messages the hold-back buffer has held at once.
     */
    public int maxHeld()
    {
        return maxHeld;
    }

    /**
     * @return the most payload bytes the hold-back buffer has held at once.
     */
    public long maxHeldBytes()
    {
        return maxHeldBytes;
    }

    /**
     * @return every figure, for a log line.
     */
    @Override
    public String toString()
    {
        return "CausalStats{delivered=" + delivered + ", held=" + held + ", maxHeld=" + maxHeld +
            ", maxHeldBytes=" + maxHeldBytes + ", duplicates=" + duplicates + ", rejectedFull=" + rejectedFull +
            ", rejectedInvalid=" + rejectedInvalid + ", droppedOnLeave=" + droppedOnLeave +
            ", orphaned=" + orphaned + '}';
    }
}
