/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric;

import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.IdleStrategy;

/**
 * Waits briefly while work is dense and long once it is not ({@link IdleSetting#ADAPTIVE}): the idle strategy for
 * hosts with few cores, where a request crosses several agents (client, media drivers, consensus modules, archives,
 * the service) that must each wake quickly while requests flow, yet all of them together must cost little CPU while
 * nothing happens.
 * <p>
 * The strategy keeps an activity level: each piece of work adds one, and it decays by {@code e} every
 * {@code decayNs}. While it is above {@code threshold} the agent parks {@code warmParkNs}; below it, parks double from
 * {@code warmParkNs} up to {@code coldParkNs}. Requests flowing through an agent keep its activity high, so it stays
 * on short parks however long a round trip is; the isolated work of an agent at rest (Aeron's heartbeats, about 80 a
 * second on a member's media driver) rarely lifts it over the threshold, so at rest it costs what
 * {@code coldParkNs} sleeps cost. A plain "short parks for a while after any work" is either warm most of the time at
 * rest (a long while) or bistable under load (a while shorter than a slow round trip, which then stays slow).
 * <p>
 * Not thread safe: one instance per agent, like every idle strategy.
 */
public final class AdaptiveIdleStrategy implements IdleStrategy
{
    /** How the strategy is named in Aeron's settings and reports. */
    public static final String ALIAS = "adaptive";

    // Work this close to the previous work adds to the activity without decaying it (the decay over a few
    // microseconds is negligible), and the end of the warm time is recomputed only when the activity has doubled
    // since: a busy agent must not pay for exp() and log() on every duty cycle.
    private static final long DENSE_NS = 20_000;
    private static final double MAX_ACTIVITY = 1_000;

    private final long warmParkNs;
    private final long decayNs;
    private final double threshold;
    private final long coldParkNs;
    private double activity;
    private long lastWorkNs;
    private long warmUntilNs;
    private boolean warm;
    private double warmActivity;
    private long parkNs;

    /**
     * @param warmParkNs park while activity is above the threshold, and the first of the doubling parks after.
     * @param decayNs    how long the activity takes to fall by a factor of {@code e} without work.
     * @param threshold  the activity above which parks are short; above 1, so one isolated piece of work is not
     *                   enough.
     * @param coldParkNs the longest park.
     */
    public AdaptiveIdleStrategy(
        final long warmParkNs, final long decayNs, final double threshold, final long coldParkNs)
    {
        if (warmParkNs < 1 || coldParkNs < warmParkNs || decayNs < 1 || !(threshold >= 1.0))
        {
            throw new IllegalArgumentException("need 1 <= warmParkNs <= coldParkNs, decayNs >= 1 and " +
                "threshold >= 1: " + warmParkNs + ", " + coldParkNs + ", " + decayNs + ", " + threshold);
        }
        this.warmParkNs = warmParkNs;
        this.decayNs = decayNs;
        this.threshold = threshold;
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
        onWork(System.nanoTime());
    }

    /**
     * Records work done at {@code nowNs}.
     *
     * @param nowNs when.
     */
    void onWork(final long nowNs)
    {
        final long sinceLastNs = nowNs - lastWorkNs;
        final boolean dense = sinceLastNs < DENSE_NS;
        activity = Math.min(MAX_ACTIVITY, (dense ? activity : activity * Math.exp(-(double)sinceLastNs / decayNs)) + 1);
        lastWorkNs = nowNs;
        parkNs = warmParkNs;
        if (activity > threshold && (!dense || !warm || activity >= 2 * warmActivity))
        {
            warmUntilNs = nowNs + (long)(decayNs * Math.log(activity / threshold));
            warmActivity = activity;
            warm = true;
        }
    }

    /**
     * @param nowNs the time of an idle call without work.
     * @return how long that call parks: short while the activity is above the threshold; after, each call doubles
     * the next one's, up to the cold park.
     */
    long nextParkNs(final long nowNs)
    {
        if (warm && nowNs - warmUntilNs < 0)
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
     * @return the park while the activity is above the threshold, in ns.
     */
    public long warmParkNs()
    {
        return warmParkNs;
    }

    /**
     * @return how long the activity takes to fall by a factor of {@code e}, in ns.
     */
    public long decayNs()
    {
        return decayNs;
    }

    /**
     * @return the activity above which parks are short.
     */
    public double threshold()
    {
        return threshold;
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
        return "AdaptiveIdleStrategy{warmParkNs=" + warmParkNs + ", decayNs=" + decayNs + ", threshold=" +
            threshold + ", coldParkNs=" + coldParkNs + '}';
    }
}
