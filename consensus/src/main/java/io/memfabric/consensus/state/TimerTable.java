/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.protocol.SnapshotTimerDecoder;
import io.memfabric.consensus.protocol.SnapshotTimerEncoder;
import io.memfabric.consensus.protocol.SnapshotTimerTableDecoder;
import io.memfabric.consensus.protocol.SnapshotTimerTableEncoder;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.Arrays;

/**
 * The cluster timers the parts schedule, and what each is for. Aeron Cluster keeps the timers themselves; the ids come
 * from a counter in the replicated state, and the map from id to purpose is in the snapshot, so every replica agrees
 * on what a firing timer means.
 */
final class TimerTable
{
    long nextTimerId = 1;
    final Long2ObjectHashMap<TimerTask> tasks = new Long2ObjectHashMap<>();
    private final FabricStateMachine.Timers service;

    private final SnapshotTimerTableEncoder tableEncoder = new SnapshotTimerTableEncoder();
    private final SnapshotTimerEncoder timerEncoder = new SnapshotTimerEncoder();

    TimerTable(final FabricStateMachine.Timers service)
    {
        this.service = service;
    }

    /**
     * @param kind       what the timer is for, one of {@link TimerTask}'s kinds.
     * @param targetId   what it is about.
     * @param deadlineMs when it fires.
     * @return its id.
     */
    long schedule(final byte kind, final long targetId, final long deadlineMs)
    {
        final long timerId = nextTimerId++;
        tasks.put(timerId, new TimerTask(kind, targetId));
        service.schedule(timerId, deadlineMs);
        return timerId;
    }

    /**
     * @param kind     what the timer will be for.
     * @param targetId what it is about.
     * @return the id of a timer known but not yet scheduled ({@link #reschedule} does that).
     */
    long create(final byte kind, final long targetId)
    {
        final long timerId = nextTimerId++;
        tasks.put(timerId, new TimerTask(kind, targetId));
        return timerId;
    }

    /**
     * @param timerId    a known timer.
     * @param deadlineMs when it fires (again).
     */
    void reschedule(final long timerId, final long deadlineMs)
    {
        service.schedule(timerId, deadlineMs);
    }

    /**
     * @param timerId a timer that fired or is no longer wanted.
     * @return what it was for, or {@code null} if it was already forgotten.
     */
    TimerTask forget(final long timerId)
    {
        return tasks.remove(timerId);
    }

    /**
     * Forgets a timer and cancels it in the cluster (0: none).
     *
     * @param timerId a timer, or 0.
     */
    void cancel(final long timerId)
    {
        if (timerId != 0)
        {
            tasks.remove(timerId);
            service.cancel(timerId);
        }
    }

    /**
     * Cancels a timer in the cluster only if it was still known.
     *
     * @param timerId a timer, or 0.
     */
    void cancelIfKnown(final long timerId)
    {
        if (timerId != 0 && null != tasks.remove(timerId))
        {
            service.cancel(timerId);
        }
    }

    long[] sortedIds()
    {
        final long[] ids = new long[tasks.size()];
        int i = 0;
        for (final var iterator = tasks.keySet().iterator(); iterator.hasNext(); )
        {
            ids[i++] = iterator.nextLong();
        }
        Arrays.sort(ids);
        return ids;
    }

    void write(final SnapshotWriter w)
    {
        final long[] ids = sortedIds();
        tableEncoder.wrapAndApplyHeader(w.buffer, w.position, w.header).nextTimerId(nextTimerId).timers(ids.length);
        w.advance(tableEncoder);
        for (final long timerId : ids)
        {
            final TimerTask task = tasks.get(timerId);
            timerEncoder.wrapAndApplyHeader(w.buffer, w.position, w.header)
                .timerId(timerId).kind(task.kind).targetId(task.targetId);
            w.advance(timerEncoder);
        }
    }

    void read(final SnapshotReader r)
    {
        r.expect(SnapshotTimerTableDecoder.TEMPLATE_ID);
        final SnapshotTimerTableDecoder table = new SnapshotTimerTableDecoder()
            .wrap(r.buffer, r.blockOffset(), r.header.blockLength(), r.header.version());
        nextTimerId = table.nextTimerId();
        final int count = table.timers();
        r.advance(table.limit());
        tasks.clear();
        final SnapshotTimerDecoder timer = new SnapshotTimerDecoder();
        for (int i = 0; i < count; i++)
        {
            r.expect(SnapshotTimerDecoder.TEMPLATE_ID);
            timer.wrap(r.buffer, r.blockOffset(), r.header.blockLength(), r.header.version());
            tasks.put(timer.timerId(), new TimerTask((byte)timer.kind(), timer.targetId()));
            r.advance(timer.limit());
        }
    }
}
