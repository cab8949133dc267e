/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric;

import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.IdleStrategy;

/**
 * Waits briefly while work is recent and long once it is not ({@link IdleSetting#ADAPTIVE}): the idle strategy for hosts with few cores, where a
 * request crosses several agents (client, media drivers, consensus modules, the service) that must each wake quickly
 * while requests flow, yet all of them together must cost little CPU while nothing happens.
 * <p>
 * After the last work, each idle call parks for {@code warmParkNs} until {@code warmWindowNs} have passed without work;
 * from then on parks double from {@code warmParkNs} up to {@code coldParkNs}. Work resets it. A stream of requests
 * keeps every agent on its path warm; a quiet agent costs what a {@code coldParkNs} sleep costs.
 * <p>
 * Not thread safe: one instance per agent, like every idle strategy.
 */
public final class AdaptiveIdleStrategy implements IdleStrategy
{
    /** How the strategy is named in Aeron's settings and reports. */
    public static final String ALIAS = "adaptive";

    private final long warmParkNs;
    private final long warmWindowNs;
    private final long coldParkNs;
    private long lastWorkNs;
    private long parkNs;

    /**
     * @param warmParkNs   park while work is recent, and the first of the doubling parks after.
     * @param warmWindowNs how long after the last work the parks stay at {@code warmParkNs}.
     * @param coldParkNs   the longest park.
     */
    public AdaptiveIdleStrategy(final long warmParkNs, final long warmWindowNs, final long coldParkNs)
    {
        if (warmParkNs < 1 || coldParkNs < warmParkNs || warmWindowNs < 0)
        {
            throw new IllegalArgumentException("need 1 <= warmParkNs <= coldParkNs and warmWindowNs >= 0: " +
                warmParkNs + ", " + coldParkNs + ", " + warmWindowNs);
        }
        this.warmParkNs = warmParkNs;
        this.warmWindowNs = warmWindowNs;
        this.coldParkNs = coldParkNs;
        this.lastWorkNs = System.nanoTime();
        this.parkNs = warmParkNs;
    }

    /**
     * {@inheritDoc}
     */
    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            reset();
        }
        else
        {
            idle();
        }
    }

    /**
     * {@inheritDoc}
     */
    public void idle()
    {
        LockSupport.parkNanos(nextParkNs(System.nanoTime()));
    }

    /**
     * {@inheritDoc}
     */
    public void reset()
    {
        reset(System.nanoTime());
    }

    void reset(final long nowNs)
    {
        lastWorkNs = nowNs;
        parkNs = warmParkNs;
    }

    /**
     * @param nowNs the time of an idle call without work.
     * @return how long that call parks; past the warm window each call doubles the next one's, up to the cold park.
     */
    long nextParkNs(final long nowNs)
    {
        if (nowNs - lastWorkNs < warmWindowNs)
        {
            return warmParkNs;
        }
        final long park = parkNs;
        parkNs = Math.min(parkNs << 1, coldParkNs);
        return park;
    }

    /**
     * {@inheritDoc}
     */
    public String alias()
    {
        return ALIAS;
    }

    /**
     * @return the park while work is recent, in ns.
     */
    public long warmParkNs()
    {
        return warmParkNs;
    }

    /**
     * @return how long after the last work the parks stay short, in ns.
     */
    public long warmWindowNs()
    {
        return warmWindowNs;
    }

    /**
     * @return the longest park, in ns.
     */
    public long coldParkNs()
    {
        return coldParkNs;
    }

    @Override
    public String toString()
    {
        return "AdaptiveIdleStrategy{warmParkNs=" + warmParkNs + ", warmWindowNs=" + warmWindowNs + ", coldParkNs=" +
            coldParkNs + '}';
    }
}
