/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

/**
 * How a MemFabric thread (a cluster member's agents, a client's poller, the data plane, their media drivers) waits
 * when it has no work: the one idle setting every component's configuration takes. In properties it is written by its
 * {@link #settingName()}: {@code sleeping}, {@code backoff} or {@code busy_spin}.
 * <p>
 * On a shared host the waiting costs CPU that the other processes need: {@link #SLEEPING} costs almost none and adds
 * about a millisecond per hop; {@link #BUSY_SPIN} costs a whole core per thread and adds nothing.
 */
public enum IdleSetting
{
    /**
     * Park 20 µs while work is dense (an activity level that each piece of work raises by one and that decays by
     * {@code e} every 10 ms stays above 1.2), then parks doubling up to 2 ms: fast while requests flow, frugal at rest
     * (see {@link AdaptiveIdleStrategy}). The default for members and clients: on a 2-core host it makes a request
     * across the cluster 4 to 7 times faster than {@link #SLEEPING} for about the same CPU at rest.
     */
    ADAPTIVE("adaptive"),
    /** Sleep 1 ms when idle: little CPU, about 1 ms per hop however busy the cluster is. */
    SLEEPING("sleeping"),
    /** Spin 64 times, yield 64 times, then park from 1 µs doubling up to 0.5 ms: lower latency, more CPU. */
    BACKOFF("backoff"),
    /** Never sleep: the lowest latency, one core per thread. Only on hosts with cores to spare. */
    BUSY_SPIN("busy_spin");

    private static final long BACKOFF_MIN_PARK_NS = TimeUnit.MICROSECONDS.toNanos(1);
    private static final long BACKOFF_MAX_PARK_NS = TimeUnit.MICROSECONDS.toNanos(500);
    private static final int BACKOFF_SPINS = 64;
    private static final int BACKOFF_YIELDS = 64;
    private static final long ADAPTIVE_WARM_PARK_NS = TimeUnit.MICROSECONDS.toNanos(20);
    private static final long ADAPTIVE_DECAY_NS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final double ADAPTIVE_THRESHOLD = 1.2;
    private static final long ADAPTIVE_COLD_PARK_NS = TimeUnit.MILLISECONDS.toNanos(2);

    private final String settingName;

    IdleSetting(final String settingName)
    {
        this.settingName = settingName;
    }

    /**
     * @return how the setting is written in properties and options.
     */
    public String settingName()
    {
        return settingName;
    }

    /**
     * @return a new idle strategy of this kind; each thread needs its own.
     */
    public IdleStrategy newIdleStrategy()
    {
        switch (this)
        {
            case BUSY_SPIN:
                return new BusySpinIdleStrategy();
            case ADAPTIVE:
                return new AdaptiveIdleStrategy(
                    ADAPTIVE_WARM_PARK_NS, ADAPTIVE_DECAY_NS, ADAPTIVE_THRESHOLD, ADAPTIVE_COLD_PARK_NS);
            case BACKOFF:
                return new BackoffIdleStrategy(
                    BACKOFF_SPINS, BACKOFF_YIELDS, BACKOFF_MIN_PARK_NS, BACKOFF_MAX_PARK_NS);
            default:
                return new SleepingMillisIdleStrategy(1);
        }
    }

    /**
     * @return a supplier of new idle strategies of this kind, one per thread.
     */
    public Supplier<IdleStrategy> supplier()
    {
        return this::newIdleStrategy;
    }

    /**
     * Reads an idle setting as written in properties or options: {@code sleeping}, {@code backoff} or
     * {@code busy_spin}, in any case, with {@code -} for {@code _} accepted.
     *
     * @param setting the name of the setting or option being read, for the message.
     * @param text    its value.
     * @return the idle setting.
     * @throws FabricConfigurationException naming the setting and the accepted values if the text is none of them.
     */
    public static IdleSetting parse(final String setting, final String text)
    {
        if (text != null)
        {
            final String name = text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
            for (final IdleSetting idle : values())
            {
                if (idle.settingName.equals(name))
                {
                    return idle;
                }
            }
        }
        throw new FabricConfigurationException(setting + " is '" + text + "'; give one of adaptive (the default: " +
            "fast while requests flow, frugal at rest), sleeping (1 ms sleeps), backoff (spins, yields, then parks) " +
            "or busy_spin (a dedicated core per thread)");
    }

    @Override
    public String toString()
    {
        return settingName;
    }
}
