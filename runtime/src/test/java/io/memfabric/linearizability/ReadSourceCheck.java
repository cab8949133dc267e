/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.linearizability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fast, sound pre-check of one register that refutes the commonest violations without a search: a read (or a
 * successful compare-and-set, which reads its expected value) whose value no write could have left in the register.
 * <p>
 * In any linearization, the value an operation sees was set by the last write before it (a write, a successful
 * compare-and-set, or the initial value). A write {@code p} of the value can be that last write only if it was invoked
 * before the reader returned, and if no write certain to have taken effect was invoked after {@code p} returned and
 * returned before the reader was invoked: such a write comes between them in every linearization. If no write of the
 * value qualifies, no linearization exists. This catches stale reads, reads from the future and reads of values never
 * written, in {@code O(n log n)} when values are mostly distinct, however concurrent the history is.
 */
final class ReadSourceCheck
{
    private static final long BEFORE_ALL = Long.MIN_VALUE;
    private static final int MAX_SHOWN = 8;

    private final String key;
    private final long originNanos;
    private final List<Operation> operations;
    private final int effectiveCount;
    private final int pendingCount;

    /**
     * @param key         the register.
     * @param operations  its operations; failed ones are ignored.
     * @param originNanos the time shown as zero in explanations.
     */
    ReadSourceCheck(final String key, final List<Operation> operations, final long originNanos)
    {
        this.key = key;
        this.operations = operations;
        this.originNanos = originNanos;
        int effective = 0;
        int pending = 0;
        for (final Operation operation : operations)
        {
            if (operation.status() == OpStatus.OK)
            {
                effective++;
            }
            else if (operation.status() == OpStatus.PENDING && operation.kind() != OpKind.READ)
            {
                effective++;
                pending++;
            }
        }
        effectiveCount = effective;
        pendingCount = pending;
    }

    /**
     * @param initialValue the value of the register before the first operation.
     * @return a violation, or null if every read has a possible source (which proves nothing more).
     */
    KeyResult run(final long initialValue)
    {
        final List<Operation> certainWrites = new ArrayList<>();
        final Map<Long, List<Operation>> writersByValue = new HashMap<>();
        for (final Operation operation : operations)
        {
            if (setsValue(operation))
            {
                writersByValue.computeIfAbsent(operation.value(), (value) -> new ArrayList<>()).add(operation);
                if (operation.status() == OpStatus.OK)
                {
                    certainWrites.add(operation);
                }
            }
        }
        certainWrites.sort((a, b) -> Long.compare(a.responseNanos(), b.responseNanos()));
        final long[] responses = new long[certainWrites.size()];
        final int[] latestInvoked = new int[certainWrites.size()];
        for (int i = 0; i < responses.length; i++)
        {
            responses[i] = certainWrites.get(i).responseNanos();
            final boolean later = i == 0 ||
                certainWrites.get(i).invokeNanos() > certainWrites.get(latestInvoked[i - 1]).invokeNanos();
            latestInvoked[i] = later ? i : latestInvoked[i - 1];
        }

        for (final Operation reader : operations)
        {
            if (reader.status() != OpStatus.OK || !readsValue(reader))
            {
                continue;
            }
            final long seen = reader.kind() == OpKind.READ ? reader.value() : reader.expected();
            // the certain write invoked last among those that returned before the reader was invoked
            final int finished = countBefore(responses, reader.invokeNanos());
            final Operation latest = finished == 0 ? null : certainWrites.get(latestInvoked[finished - 1]);
            final long latestInvoke = latest == null ? BEFORE_ALL : latest.invokeNanos();
            if (seen == initialValue && latest == null)
            {
                continue;
            }
            boolean explained = false;
            for (final Operation writer : writersByValue.getOrDefault(seen, List.of()))
            {
                if (writer != reader && writer.invokeNanos() <= reader.responseNanos() &&
                    writer.responseNanos() >= latestInvoke)
                {
                    explained = true;
                    break;
                }
            }
            if (!explained)
            {
                return violation(reader, seen, initialValue, latest, writersByValue.getOrDefault(seen, List.of()));
            }
        }
        return null;
    }

    private KeyResult violation(
        final Operation reader,
        final long seen,
        final long initialValue,
        final Operation latest,
        final List<Operation> writers)
    {
        final String newLine = System.lineSeparator();
        final List<Operation> involved = new ArrayList<>();
        involved.add(reader);
        final StringBuilder text = new StringBuilder(512);
        text.append("key '").append(key).append("': NOT linearizable. No write can have left ").append(seen)
            .append(" in the register for").append(newLine)
            .append("    ").append(reader.describe(originNanos));
        boolean overwritten = seen == initialValue;
        if (overwritten)
        {
            text.append(newLine).append("  It is the initial value, overwritten before the read started.");
        }
        else if (writers.isEmpty())
        {
            text.append(newLine).append("  No operation wrote ").append(seen).append('.');
        }
        int shown = 0;
        for (final Operation writer : writers)
        {
            if (writer == reader || shown++ == MAX_SHOWN)
            {
                continue;
            }
            involved.add(writer);
            final boolean future = writer.invokeNanos() > reader.responseNanos();
            overwritten |= !future;
            text.append(newLine).append("    ").append(writer.describe(originNanos))
                .append(future ? " was invoked after the read returned." : " was overwritten before the read started.");
        }
        if (overwritten)
        {
            involved.add(latest);
            text.append(newLine).append("  Overwritten by").append(newLine)
                .append("    ").append(latest.describe(originNanos)).append(newLine)
                .append(seen == initialValue && writers.isEmpty() ?
                    "  which returned before the read was invoked." :
                    "  which was invoked after that write returned and returned before the read was invoked.");
        }
        return new KeyResult(
            key, Verdict.NOT_LINEARIZABLE, effectiveCount, pendingCount, 0, text.toString(), involved, List.of());
    }

    private static boolean setsValue(final Operation operation)
    {
        switch (operation.kind())
        {
            case WRITE:
                return operation.status() != OpStatus.FAILED;

            case CAS:
                return operation.status() == OpStatus.PENDING ||
                    (operation.status() == OpStatus.OK && operation.succeeded());

            default:
                return false;
        }
    }

    private static boolean readsValue(final Operation operation)
    {
        return operation.kind() == OpKind.READ || (operation.kind() == OpKind.CAS && operation.succeeded());
    }

    private static int countBefore(final long[] sorted, final long time)
    {
        final int index = Arrays.binarySearch(sorted, time);
        if (index < 0)
        {
            return -index - 1;
        }
        int first = index;
        while (first > 0 && sorted[first - 1] == time)
        {
            first--;
        }
        return first;
    }
}
