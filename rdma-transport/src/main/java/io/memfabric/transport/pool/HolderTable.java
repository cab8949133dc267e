/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport.pool;

import org.agrona.concurrent.UnsafeBuffer;

import java.util.Optional;
import java.util.function.IntUnaryOperator;

import static io.memfabric.transport.pool.PoolLayout.HOLDERS_RECLAIMED_OFFSET;
import static io.memfabric.transport.pool.PoolLayout.HOLDER_COUNT;
import static io.memfabric.transport.pool.PoolLayout.HOLDER_DEADLINE_NS;
import static io.memfabric.transport.pool.PoolLayout.HOLDER_LEASE_NS;
import static io.memfabric.transport.pool.PoolLayout.HOLDER_OWNER;
import static io.memfabric.transport.pool.PoolLayout.HOLDER_PID;
import static io.memfabric.transport.pool.PoolLayout.HOLDER_START_MS;
import static io.memfabric.transport.pool.PoolLayout.INCARNATION_COUNTER_OFFSET;
import static io.memfabric.transport.pool.PoolLayout.PINS_RECLAIMED_OFFSET;
import static io.memfabric.transport.pool.PoolLayout.REPAIR_OFFSET;
import static io.memfabric.transport.pool.PoolLayout.holder;

/**
 * The holder table in the pool header: one record per JVM that has the pool open, with its pid, the start time of
 * its process and the deadline of its lease in {@link System#nanoTime()} (CLOCK_MONOTONIC on Linux, one clock for
 * every process on the host).
 * <p>
 * A record's owner word is {@code incarnation << 2 | state}. The incarnation is unique per claim, so a token naming
 * (slot, incarnation) never names a later claim of the same slot. States go FREE, LIVE (claimed, lease renewed),
 * RECLAIMING (lease lapsed; another JVM is clearing its pins) and RECLAIMED (pins cleared), then FREE again once the
 * process is known to be dead, or once the JVM itself, back from a long pause, hands the slot back.
 */
final class HolderTable
{
    static final int FREE = 0;
    static final int LIVE = 1;
    static final int RECLAIMING = 2;
    static final int RECLAIMED = 3;

    private final UnsafeBuffer meta;

    HolderTable(final UnsafeBuffer meta)
    {
        this.meta = meta;
    }

    /**
     * A claim of one holder slot by this JVM.
     *
     * @param index       slot in the table, also the bit of this holder in every pin mask.
     * @param incarnation unique number of this claim.
     */
    record Holder(int index, long incarnation)
    {
        long liveWord()
        {
            return word(incarnation, LIVE);
        }

        /**
         * @return the token this holder writes into the pool lock and into the descriptors it allocates.
         */
        long token()
        {
            return token(index, incarnation);
        }

        long bit()
        {
            return 1L << index;
        }

        static long token(final int index, final long incarnation)
        {
            return (incarnation << 8) | index;
        }
    }

    static long word(final long incarnation, final int state)
    {
        return (incarnation << 2) | state;
    }

    static int state(final long word)
    {
        return (int)(word & 3);
    }

    static long incarnation(final long word)
    {
        return word >>> 2;
    }

    static int tokenIndex(final long token)
    {
        return (int)(token & 0xFF);
    }

    static long tokenIncarnation(final long token)
    {
        return token >>> 8;
    }

    long owner(final int index)
    {
        return meta.getLongVolatile(holder(index) + HOLDER_OWNER);
    }

    boolean isLive(final Holder holder)
    {
        return owner(holder.index()) == holder.liveWord();
    }

    /**
     * @param token a holder token, as written in the lock word or a descriptor.
     * @return whether the claim it names still holds.
     */
    boolean isLiveToken(final long token)
    {
        final int index = tokenIndex(token);
        return index < HOLDER_COUNT && owner(index) == word(tokenIncarnation(token), LIVE);
    }

    /**
     * @param index a holder slot.
     * @return whether it is claimed and not (yet) reclaimed.
     */
    boolean isLiveIndex(final int index)
    {
        return state(owner(index)) == LIVE;
    }

    long deadlineNs(final int index)
    {
        return meta.getLongVolatile(holder(index) + HOLDER_DEADLINE_NS);
    }

    /**
     * Claims a holder slot; the caller holds the file lock, so no other JVM claims at the same time.
     * <p>
     * A FREE slot is taken first, then a RECLAIMED one whose process is dead. Failing both, a LIVE slot whose lease
     * lapsed and whose process is dead is taken over directly: nobody else may be left to reclaim it (every JVM on
     * the host died, say), and its process can set no more bits. Its bits are cleared before this JVM pins anything,
     * and the repair flag makes the next lock holder free the pages it left half written.
     *
     * @param leaseNs   this JVM's lease.
     * @param clearBits clears a slot's bit from every pin mask and returns how many were set.
     * @return the claim, or null if every slot is taken by a live or not yet reclaimed JVM.
     */
    Holder claim(final long leaseNs, final IntUnaryOperator clearBits)
    {
        final ProcessHandle self = ProcessHandle.current();
        final long startMs = startMs(self);
        for (int index = 0; index < HOLDER_COUNT; index++)
        {
            final long owner = owner(index);
            final int state = state(owner);
            if (FREE == state || (RECLAIMED == state && !processAlive(index)))
            {
                if (RECLAIMED == state)
                {
                    // A JVM back from a long pause may have set its bit again after it was reclaimed; it is dead now,
                    // so nobody sets that bit any more and clearing it once is enough.
                    clearBits.applyAsInt(index);
                }
                final Holder claimed = take(index, owner, self.pid(), startMs, leaseNs);
                if (claimed != null)
                {
                    return claimed;
                }
            }
        }
        final long nowNs = System.nanoTime();
        for (int index = 0; index < HOLDER_COUNT; index++)
        {
            final long owner = owner(index);
            if (LIVE == state(owner) && nowNs - deadlineNs(index) > 0 && !processAlive(index))
            {
                final Holder claimed = take(index, owner, self.pid(), startMs, leaseNs);
                if (claimed != null)
                {
                    meta.putLongVolatile(REPAIR_OFFSET, 1);
                    meta.getAndAddLong(PINS_RECLAIMED_OFFSET, clearBits.applyAsInt(index));
                    meta.getAndAddLong(HOLDERS_RECLAIMED_OFFSET, 1);
                    return claimed;
                }
            }
        }
        return null;
    }

    private Holder take(final int index, final long owner, final long pid, final long startMs, final long leaseNs)
    {
        final int at = holder(index);
        final long incarnation = meta.getAndAddLong(INCARNATION_COUNTER_OFFSET, 1) + 1;
        // The deadline goes first: the moment the slot reads LIVE with the new incarnation, its lease must be fresh.
        // Nobody reads the other fields of a FREE slot, nor of a LIVE one but for its deadline.
        meta.putLongVolatile(at + HOLDER_DEADLINE_NS, System.nanoTime() + leaseNs);
        if (!meta.compareAndSetLong(at + HOLDER_OWNER, owner, word(incarnation, LIVE)))
        {
            return null;
        }
        meta.putLong(at + HOLDER_PID, pid);
        meta.putLong(at + HOLDER_START_MS, startMs);
        meta.putLongVolatile(at + HOLDER_LEASE_NS, leaseNs);
        return new Holder(index, incarnation);
    }

    /**
     * Extends a lease.
     *
     * @param holder  this JVM's claim.
     * @param leaseNs its lease.
     * @return whether the claim still holds; false if another JVM reclaimed it.
     */
    boolean renew(final Holder holder, final long leaseNs)
    {
        meta.putLongVolatile(holder(holder.index()) + HOLDER_DEADLINE_NS, System.nanoTime() + leaseNs);
        // Read after the write: a reclaimer that read the old deadline has already moved the owner word, and is seen.
        return isLive(holder);
    }

    /**
     * Moves a LIVE holder whose lease lapsed to RECLAIMING, so nothing it does any longer counts.
     *
     * @param index  a holder slot.
     * @param nowNs  the time.
     * @param except this JVM's own slot, never reclaimed by itself.
     * @return the owner word it had, or 0 if it is not a LIVE holder with a lapsed lease.
     */
    long markLapsed(final int index, final long nowNs, final int except)
    {
        if (index == except)
        {
            return 0;
        }
        final long owner = owner(index);
        if (state(owner) != LIVE || nowNs - deadlineNs(index) <= 0)
        {
            return 0;
        }
        return meta.compareAndSetLong(holder(index) + HOLDER_OWNER, owner, word(incarnation(owner), RECLAIMING)) ?
            owner : 0;
    }

    /**
     * Ends a reclaim once its pins are cleared: the slot is freed if the process is dead, else kept RECLAIMED so the
     * JVM, if it wakes, finds out and cannot mistake a new claim of the slot for its own.
     *
     * @param index       a RECLAIMING holder slot.
     * @param incarnation of the reclaimed claim.
     */
    void finishReclaim(final int index, final long incarnation)
    {
        final int at = holder(index) + HOLDER_OWNER;
        if (meta.compareAndSetLong(at, word(incarnation, RECLAIMING), word(incarnation, RECLAIMED)))
        {
            meta.getAndAddLong(HOLDERS_RECLAIMED_OFFSET, 1);
        }
        if (!processAlive(index))
        {
            meta.compareAndSetLong(at, word(incarnation, RECLAIMED), word(incarnation, FREE));
        }
    }

    /**
     * Hands back a slot this JVM claimed; its pins must be cleared first.
     *
     * @param index       the slot.
     * @param incarnation of the claim.
     * @return whether it was freed: it was LIVE or RECLAIMED with that incarnation.
     */
    boolean release(final int index, final long incarnation)
    {
        final int at = holder(index) + HOLDER_OWNER;
        return meta.compareAndSetLong(at, word(incarnation, LIVE), word(incarnation, FREE)) ||
            meta.compareAndSetLong(at, word(incarnation, RECLAIMED), word(incarnation, FREE));
    }

    int liveCount()
    {
        int live = 0;
        for (int index = 0; index < HOLDER_COUNT; index++)
        {
            if (isLiveIndex(index))
            {
                live++;
            }
        }
        return live;
    }

    /**
     * @param index a holder slot.
     * @return whether the process that claimed it still runs; pid and start time together survive pid reuse.
     */
    boolean processAlive(final int index)
    {
        final int at = holder(index);
        final long pid = meta.getLongVolatile(at + HOLDER_PID);
        final long startMs = meta.getLongVolatile(at + HOLDER_START_MS);
        final Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive())
        {
            return false;
        }
        final long runningStartMs = startMs(process.get());
        return 0 == startMs || 0 == runningStartMs || runningStartMs == startMs;
    }

    private static long startMs(final ProcessHandle process)
    {
        return process.info().startInstant().map(instant -> instant.toEpochMilli()).orElse(0L);
    }
}
