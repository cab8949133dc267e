/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport.pool;

import static io.memfabric.transport.pool.PoolLayout.READY;

/**
 * Chooses where a new page of {@code run} slots goes: the first run of free slots if there is one, else the run whose
 * most recently used page is the least recently used, among runs whose pages are all READY and pinned by no live
 * holder, never across a region boundary. With one-slot pages this is plain LRU; with longer pages it evicts the
 * oldest neighbourhood that fits. One pass with a sliding-window maximum, so O(slots) under the pool lock.
 * <p>
 * Used under the pool lock only; its scratch arrays are this JVM's.
 */
final class RunPlanner
{
    private static final long FREE = Long.MIN_VALUE;
    private static final long BLOCKED = Long.MAX_VALUE;

    private final PoolLayout layout;
    private final Descriptors descriptors;
    private final long[] cost;
    private final int[] window;
    private final int[] victims;
    private int victimCount;

    RunPlanner(final PoolLayout layout, final Descriptors descriptors)
    {
        this.layout = layout;
        this.descriptors = descriptors;
        this.cost = new long[layout.slotCount];
        this.window = new int[layout.slotCount];
        this.victims = new int[layout.slotCount];
    }

    /**
     * @param run   slots wanted.
     * @param nowNs the time, against which page ages are taken.
     * @return the first slot of the chosen run, or -1 if every run of that length holds a pinned or unfinished page;
     * the pages to evict are then {@link #victim(int)} for indices below {@link #victimCount()}.
     */
    int plan(final int run, final long nowNs)
    {
        costs(nowNs);
        victimCount = 0;
        int best = -1;
        long bestCost = BLOCKED;
        for (int region = 0; region < layout.regionCount && bestCost != FREE; region++)
        {
            final int low = region * layout.slotsPerRegion;
            final int high = Math.min(low + layout.slotsPerRegion, layout.slotCount);
            int head = 0;
            int tail = 0;
            int usableFrom = low;
            for (int slot = low; slot < high; slot++)
            {
                final long slotCost = cost[slot];
                if (BLOCKED == slotCost)
                {
                    head = 0;
                    tail = 0;
                    usableFrom = slot + 1;
                    continue;
                }
                while (tail > head && cost[window[tail - 1]] <= slotCost)
                {
                    tail--;
                }
                window[tail++] = slot;
                if (slot - usableFrom + 1 >= run)
                {
                    final int start = slot - run + 1;
                    while (window[head] < start)
                    {
                        head++;
                    }
                    final long runCost = cost[window[head]];
                    if (runCost < bestCost)
                    {
                        bestCost = runCost;
                        best = start;
                        if (FREE == runCost)
                        {
                            break;
                        }
                    }
                }
            }
        }
        if (best >= 0)
        {
            for (int slot = best; slot < best + run; slot++)
            {
                final int first = descriptors.occupant(slot);
                if (first >= 0 && (0 == victimCount || victims[victimCount - 1] != first))
                {
                    victims[victimCount++] = first;
                }
            }
        }
        return best;
    }

    int victimCount()
    {
        return victimCount;
    }

    int victim(final int index)
    {
        return victims[index];
    }

    private void costs(final long nowNs)
    {
        int page = -1;
        long pageCost = FREE;
        for (int slot = 0; slot < layout.slotCount; slot++)
        {
            final int first = descriptors.occupant(slot);
            if (first < 0)
            {
                cost[slot] = FREE;
                continue;
            }
            if (first != page)
            {
                page = first;
                pageCost = pageCost(first, nowNs);
            }
            cost[slot] = pageCost;
        }
    }

    private long pageCost(final int first, final long nowNs)
    {
        if (PoolLayout.state(descriptors.stateGen(first)) != READY || descriptors.pinnedByLiveHolder(first))
        {
            return BLOCKED;
        }
        // Older pages cost less; clamped clear of the two markers.
        final long age = nowNs - descriptors.lastAccessNs(first);
        return Math.max(FREE + 1, Math.min(BLOCKED - 1, -age));
    }
}
