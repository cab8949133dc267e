/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport.pool;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.locks.ReentrantLock;

import static io.memfabric.transport.pool.PoolLayout.LOCK_OFFSET;
import static io.memfabric.transport.pool.PoolLayout.LOCKS_STOLEN_OFFSET;
import static io.memfabric.transport.pool.PoolLayout.REPAIR_OFFSET;

/**
 * The pool lock: one word in the header, 0 when free, else the token of the holder that has it. Threads of one JVM
 * queue on a local lock first, so only one of them spins on the shared word.
 * <p>
 * The lock is taken from its owner only when the owner's claim no longer holds, or its lease has lapsed (the owner
 * renews its lease as it takes the lock, so a live owner is never robbed unless paused longer than its lease). The
 * thief raises the repair flag first, and whoever holds the lock next rebuilds what the owner may have left half
 * done (see {@code PagePool.repairIfFlagged}).
 */
final class PoolLock
{
    private final UnsafeBuffer meta;
    private final HolderTable holders;
    private final ReentrantLock local = new ReentrantLock();
    private final IdleStrategy idle = new BackoffIdleStrategy(64, 16, 1_000, 500_000);

    PoolLock(final UnsafeBuffer meta, final HolderTable holders)
    {
        this.meta = meta;
        this.holders = holders;
    }

    /**
     * Takes the lock for this JVM's holder, waiting as long as a live holder keeps it.
     *
     * @param holder this JVM's claim.
     * @return true if the lock was stolen from a holder whose claim or lease had lapsed.
     */
    boolean lock(final HolderTable.Holder holder)
    {
        local.lock();
        try
        {
            final long token = holder.token();
            idle.reset();
            while (true)
            {
                final long current = meta.getLongVolatile(LOCK_OFFSET);
                if (0 == current)
                {
                    if (meta.compareAndSetLong(LOCK_OFFSET, 0, token))
                    {
                        return false;
                    }
                }
                else if (ownerGone(current, holder.index()))
                {
                    // Flagged before the theft, so a thief that dies right after it still leaves the repair asked for.
                    meta.putLongVolatile(REPAIR_OFFSET, 1);
                    if (meta.compareAndSetLong(LOCK_OFFSET, current, token))
                    {
                        meta.getAndAddLong(LOCKS_STOLEN_OFFSET, 1);
                        return true;
                    }
                }
                idle.idle();
            }
        }
        catch (final RuntimeException | Error ex)
        {
            local.unlock();
            throw ex;
        }
    }

    /**
     * Releases the lock.
     *
     * @param holder the claim it was taken with.
     * @return false if it had been stolen meanwhile (this JVM was paused past its lease while holding it).
     */
    boolean unlock(final HolderTable.Holder holder)
    {
        try
        {
            return meta.compareAndSetLong(LOCK_OFFSET, holder.token(), 0);
        }
        finally
        {
            local.unlock();
        }
    }

    private boolean ownerGone(final long token, final int selfIndex)
    {
        if (!holders.isLiveToken(token))
        {
            return true;
        }
        final int index = HolderTable.tokenIndex(token);
        // A lapsed owner is moved to RECLAIMING here, so it cannot come back to life; the thief clears its pins.
        return 0 != holders.markLapsed(index, System.nanoTime(), selfIndex);
    }
}
