/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.stat.CounterSet;
import io.memfabric.consensus.stat.MemberCounter;

/**
 * The counters every part of the state machine counts into. The machine may be given other ones at any time (a
 * member's counters in its media driver's CnC file), so the parts hold this, not the set. Counters are observations,
 * not replicated state: nothing the machine decides depends on them.
 */
final class Counting
{
    private CounterSet<MemberCounter> set = CounterSet.inMemory(MemberCounter.class);

    CounterSet<MemberCounter> set()
    {
        return set;
    }

    void set(final CounterSet<MemberCounter> set)
    {
        this.set = set;
    }

    void increment(final MemberCounter counter)
    {
        set.increment(counter);
    }

    void add(final MemberCounter counter, final long amount)
    {
        set.add(counter, amount);
    }
}
