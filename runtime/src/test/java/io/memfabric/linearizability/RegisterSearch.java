/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.linearizability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The search for a linearization of the operations of one register, as described on {@link LinearizabilityChecker}.
 * Single use: build one per register and call {@link #run(long, long)} once.
 */
final class RegisterSearch
{
    private static final int CONTEXT_OPERATIONS = 6;
    private static final int MAX_FRONTIER_VALUES = 8;

    private final String key;
    private final long originNanos;
    private final Operation[] operations;
    private final long[] invoke;
    private final long[] response;
    private final int[] byResponse;
    private final int pendingCount;
    private final BitSet linearized;

    private long value;
    private long nextValue;
    private int cursor;
    private int linearizedCompleted;
    private final Set<StateKey> visited = new HashSet<>();
    private final List<Frame> stack = new ArrayList<>();
    private int[] scratch = new int[16];

    private int deepest = -1;
    private int deepestBlocking = -1;
    private int[] deepestCandidates = new int[0];
    private int[] deepestTail = new int[0];
    private final long[] deepestValues = new long[MAX_FRONTIER_VALUES];
    private int deepestValueCount;

    /**
     * @param key         the register.
     * @param history     its operations, in any order.
     * @param originNanos the time shown as zero in explanations.
     */
    RegisterSearch(final String key, final List<Operation> history, final long originNanos)
    {
        this.key = key;
        this.originNanos = originNanos;
        final List<Operation> effective = new ArrayList<>(history.size());
        for (final Operation operation : history)
        {
            // a failed operation and a pending read cannot change or explain anything
            if (operation.status() == OpStatus.OK ||
                (operation.status() == OpStatus.PENDING && operation.kind() != OpKind.READ))
            {
                effective.add(operation);
            }
        }
        effective.sort(Comparator.comparingLong(Operation::invokeNanos)
            .thenComparingLong(Operation::responseNanos)
            .thenComparingInt(Operation::process)
            .thenComparingLong(Operation::id));
        operations = effective.toArray(new Operation[0]);
        final int count = operations.length;
        invoke = new long[count];
        response = new long[count];
        int completed = 0;
        for (int i = 0; i < count; i++)
        {
            invoke[i] = operations[i].invokeNanos();
            response[i] = operations[i].responseNanos();
            if (!operations[i].isPending())
            {
                completed++;
            }
        }
        pendingCount = count - completed;
        final Integer[] order = new Integer[completed];
        for (int i = 0, j = 0; i < count; i++)
        {
            if (!operations[i].isPending())
            {
                order[j++] = i;
            }
        }
        Arrays.sort(order, Comparator.<Integer>comparingLong((i) -> response[i]).thenComparingInt((i) -> i));
        byResponse = new int[completed];
        for (int j = 0; j < completed; j++)
        {
            byResponse[j] = order[j];
        }
        linearized = new BitSet(count);
    }

    /**
     * @param initialValue the value of the register before the first operation.
     * @param maxStates    the most states to explore before giving up.
     * @return the verdict, with its explanation.
     */
    KeyResult run(final long initialValue, final long maxStates)
    {
        value = initialValue;
        if (byResponse.length == 0)
        {
            return linearizable(0);
        }
        final int[] first = candidates();
        noteFrontier(first);
        stack.add(new Frame(first));
        long explored = 0;
        while (!stack.isEmpty())
        {
            final Frame frame = stack.get(stack.size() - 1);
            if (frame.applied >= 0)
            {
                undo(frame);
            }
            boolean descended = false;
            while (frame.next < frame.candidates.length)
            {
                final int candidate = frame.candidates[frame.next++];
                if (!enabled(candidate))
                {
                    continue;
                }
                frame.applied = candidate;
                frame.savedValue = value;
                frame.savedCursor = cursor;
                apply(candidate);
                if (cursor == byResponse.length)
                {
                    return linearizable(explored);
                }
                if (visited.add(stateKey()))
                {
                    if (++explored > maxStates)
                    {
                        return unknown(explored, maxStates);
                    }
                    final Frame child = new Frame(candidates());
                    noteFrontier(child.candidates);
                    stack.add(child);
                    descended = true;
                    break;
                }
                undo(frame);
            }
            if (!descended)
            {
                stack.remove(stack.size() - 1);
            }
        }
        return notLinearizable(explored);
    }

    /**
     * The operations that may take effect next, best first. One may go next if no operation still to be placed
     * returned before it was invoked, so the candidates are those invoked before the earliest response still to
     * come. An enabled operation that cannot change the register (a read, a failed compare-and-set) may always go
     * first without losing a solution, so if there is one it is the only candidate. Otherwise the candidates are
     * ordered by response time, pending ones last: the operation that must be placed soonest is tried first.
     */
    private int[] candidates()
    {
        final long deadline = cursor < byResponse.length ? response[byResponse[cursor]] : Operation.NO_RESPONSE;
        int count = 0;
        for (int i = linearized.nextClearBit(0); i < operations.length && invoke[i] <= deadline;
            i = linearized.nextClearBit(i + 1))
        {
            if (isReadOnly(operations[i]) && enabled(i))
            {
                return new int[]{ i };
            }
            if (count == scratch.length)
            {
                scratch = Arrays.copyOf(scratch, count * 2);
            }
            scratch[count++] = i;
        }
        final int[] candidates = Arrays.copyOf(scratch, count);
        for (int i = 1; i < count; i++)
        {
            final int candidate = candidates[i];
            int j = i - 1;
            while (j >= 0 && response[candidates[j]] > response[candidate])
            {
                candidates[j + 1] = candidates[j];
                j--;
            }
            candidates[j + 1] = candidate;
        }
        preferWritersOfNeededValue(candidates);
        return candidates;
    }

    /**
     * Just-in-time: if the operation that must be placed soonest reads a value the register does not hold, first try
     * the writes that would set it, keeping the order by response time otherwise.
     */
    private void preferWritersOfNeededValue(final int[] candidates)
    {
        if (candidates.length < 2)
        {
            return;
        }
        final Operation urgent = operations[candidates[0]];
        final long needed;
        if (urgent.kind() == OpKind.READ)
        {
            needed = urgent.value();
        }
        else if (urgent.kind() == OpKind.CAS && !urgent.isPending() && urgent.succeeded())
        {
            needed = urgent.expected();
        }
        else
        {
            return;
        }
        if (needed == value)
        {
            return;
        }
        int front = 0;
        for (int i = 0; i < candidates.length; i++)
        {
            final Operation candidate = operations[candidates[i]];
            if (candidate.kind() != OpKind.READ && candidate.value() == needed)
            {
                final int index = candidates[i];
                System.arraycopy(candidates, front, candidates, front + 1, i - front);
                candidates[front++] = index;
            }
        }
    }

    private static boolean isReadOnly(final Operation operation)
    {
        if (operation.isPending())
        {
            return false;
        }
        switch (operation.kind())
        {
            case READ:
                return true;

            case CAS:
                return !operation.succeeded() || operation.expected() == operation.value();

            default:
                return false;
        }
    }

    /**
     * @return whether the operation can take effect on the current value; if so its result is in {@link #nextValue}.
     */
    private boolean enabled(final int index)
    {
        final Operation operation = operations[index];
        switch (operation.kind())
        {
            case READ:
                nextValue = value;
                return operation.value() == value;

            case WRITE:
                nextValue = operation.value();
                return true;

            default:
                // a pending compare-and-set that would fail has no effect: the same as leaving it out
                if (operation.isPending() || operation.succeeded())
                {
                    nextValue = operation.value();
                    return operation.expected() == value;
                }
                nextValue = value;
                return operation.expected() != value;
        }
    }

    private void apply(final int index)
    {
        linearized.set(index);
        value = nextValue;
        if (!operations[index].isPending())
        {
            linearizedCompleted++;
            while (cursor < byResponse.length && linearized.get(byResponse[cursor]))
            {
                cursor++;
            }
        }
    }

    private void undo(final Frame frame)
    {
        final int index = frame.applied;
        linearized.clear(index);
        if (!operations[index].isPending())
        {
            linearizedCompleted--;
        }
        value = frame.savedValue;
        cursor = frame.savedCursor;
        frame.applied = -1;
    }

    /**
     * The set of placed operations, compactly: the highest placed index and the indexes below it not placed yet.
     * Histories are mostly sequential, so that gap list stays short.
     */
    private StateKey stateKey()
    {
        final int highest = linearized.length() - 1;
        int count = 0;
        for (int i = linearized.nextClearBit(0); i < highest; i = linearized.nextClearBit(i + 1))
        {
            if (count == scratch.length)
            {
                scratch = Arrays.copyOf(scratch, count * 2);
            }
            scratch[count++] = i;
        }
        return new StateKey(value, highest, Arrays.copyOf(scratch, count));
    }

    private void noteFrontier(final int[] candidates)
    {
        if (linearizedCompleted > deepest)
        {
            deepest = linearizedCompleted;
            deepestBlocking = byResponse[cursor];
            deepestCandidates = candidates;
            deepestValueCount = 0;
            final int tail = Math.min(CONTEXT_OPERATIONS, stack.size());
            deepestTail = new int[tail];
            for (int i = 0; i < tail; i++)
            {
                deepestTail[i] = stack.get(stack.size() - tail + i).applied;
            }
        }
        if (linearizedCompleted == deepest && byResponse[cursor] == deepestBlocking &&
            deepestValueCount < MAX_FRONTIER_VALUES)
        {
            for (int i = 0; i < deepestValueCount; i++)
            {
                if (deepestValues[i] == value)
                {
                    return;
                }
            }
            deepestValues[deepestValueCount++] = value;
        }
    }

    private KeyResult linearizable(final long explored)
    {
        final List<Operation> order = new ArrayList<>(stack.size());
        for (final Frame frame : stack)
        {
            order.add(operations[frame.applied]);
        }
        final String explanation = "key '" + key + "': linearizable (" + operations.length + " operations, " +
            pendingCount + " pending, " + explored + " states explored)";
        return new KeyResult(
            key, Verdict.LINEARIZABLE, operations.length, pendingCount, explored, explanation, List.of(), order);
    }

    private KeyResult notLinearizable(final long explored)
    {
        final List<Operation> involved = new ArrayList<>();
        final StringBuilder text = new StringBuilder(512);
        text.append("key '").append(key).append("': NOT linearizable. No order of its ").append(operations.length)
            .append(" operations (").append(pendingCount).append(" pending) respects both real time and the ")
            .append("register; ").append(explored).append(" states explored.");
        describeFrontier(text, involved);
        return new KeyResult(
            key, Verdict.NOT_LINEARIZABLE, operations.length, pendingCount, explored, text.toString(), involved,
            List.of());
    }

    private KeyResult unknown(final long explored, final long maxStates)
    {
        final List<Operation> involved = new ArrayList<>();
        final StringBuilder text = new StringBuilder(512);
        text.append("key '").append(key).append("': UNKNOWN, limit reached: gave up after ").append(maxStates)
            .append(" states without deciding, ").append(operations.length).append(" operations (")
            .append(pendingCount).append(" pending).");
        describeFrontier(text, involved);
        return new KeyResult(
            key, Verdict.UNKNOWN, operations.length, pendingCount, explored, text.toString(), involved, List.of());
    }

    private void describeFrontier(final StringBuilder text, final List<Operation> involved)
    {
        final String newLine = System.lineSeparator();
        final Operation blocking = operations[deepestBlocking];
        involved.add(blocking);
        text.append(newLine).append("  At best ").append(deepest).append(" of ").append(byResponse.length)
            .append(" completed operations could be ordered; then none could place:").append(newLine)
            .append("    ").append(blocking.describe(originNanos)).append(newLine)
            .append("  when the register could hold ");
        for (int i = 0; i < deepestValueCount; i++)
        {
            text.append(i == 0 ? "" : " or ").append(deepestValues[i]);
        }
        text.append('.');
        if (deepestTail.length > 0)
        {
            text.append(newLine).append("  Last operations ordered before it:");
            for (final int index : deepestTail)
            {
                involved.add(operations[index]);
                text.append(newLine).append("    ").append(operations[index].describe(originNanos));
            }
        }
        boolean header = false;
        for (final int index : deepestCandidates)
        {
            if (index != deepestBlocking)
            {
                if (!header)
                {
                    text.append(newLine).append("  Operations that could still go before it:");
                    header = true;
                }
                involved.add(operations[index]);
                text.append(newLine).append("    ").append(operations[index].describe(originNanos));
            }
        }
    }

    private static final class Frame
    {
        private final int[] candidates;
        private int next;
        private int applied = -1;
        private long savedValue;
        private int savedCursor;

        Frame(final int[] candidates)
        {
            this.candidates = candidates;
        }
    }

    private static final class StateKey
    {
        private final long value;
        private final int highest;
        private final int[] gaps;
        private final int hash;

        StateKey(final long value, final int highest, final int[] gaps)
        {
            this.value = value;
            this.highest = highest;
            this.gaps = gaps;
            this.hash = 31 * (31 * Long.hashCode(value) + highest) + Arrays.hashCode(gaps);
        }

        public boolean equals(final Object other)
        {
            if (!(other instanceof StateKey))
            {
                return false;
            }
            final StateKey that = (StateKey)other;
            return hash == that.hash && value == that.value && highest == that.highest &&
                Arrays.equals(gaps, that.gaps);
        }

        public int hashCode()
        {
            return hash;
        }
    }
}
