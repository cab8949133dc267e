/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.linearizability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a {@link History} of reads, writes and compare-and-sets on {@code long} registers is linearizable:
 * whether every operation can be given one instant inside its interval {@code [invocation, response]} so that, taken
 * in the order of those instants, the operations behave like a single register each (Herlihy &amp; Wing). Used by the
 * tests that record histories from several JVMs with {@link HistoryRecorder} and read them with
 * {@link HistoryReader}.
 *
 * <h2>How</h2>
 * <ol>
 * <li><b>One register at a time.</b> Linearizability is local (compositional): a history is linearizable exactly when
 * the sub-history of every object is. So the history is split by key and each register is checked on its own, which
 * keeps each search small.</li>
 * <li><b>Backtracking search</b> in the style of Wing &amp; Gong: build the linearization one operation at a time. An
 * operation may go next if no operation still to be placed returned before it was invoked, i.e. if it was invoked
 * before the earliest response still to come; it must also be legal on the current value (a read sees it, a
 * successful compare-and-set finds its expected value, a failed one does not). Candidates are tried in order of
 * response time, the one that must be placed soonest first, so a mostly sequential history is linearized almost
 * without backtracking. When no candidate fits, the search backtracks to the last choice.</li>
 * <li><b>Memoization</b> as Lowe proposed for the just-in-time linearization of Wing &amp; Gong's algorithm: what
 * remains to be decided depends only on the set of operations already placed and the register's value, so every such
 * configuration is remembered and never explored twice. The set is stored as its highest member and the gaps below
 * it, which stays small for histories with little concurrency.</li>
 * <li><b>Reads first.</b> A legal operation that cannot change the register (a read, a failed compare-and-set) can
 * always be placed at once: moving it earlier breaks no real-time order (nothing unplaced returned before it began)
 * and changes no value. So when one is legal it is the only choice, which removes most branching.</li>
 * <li><b>Pending operations</b> (never returned) are linearized anywhere after their invocation, or not at all: a
 * pending write or compare-and-set is a candidate from its invocation on but never required, and the search succeeds
 * once every completed operation is placed. A pending compare-and-set can only be placed where it would succeed (where
 * it would fail it has no effect, the same as leaving it out); pending reads and failed operations are ignored.</li>
 * <li><b>A pre-check</b> before the search ({@link Context#readSourceCheck()}): the value a read sees was set by the
 * last write before it, so some write of that value must have been invoked before the read returned and not have been
 * overwritten by a write that certainly took effect and fits entirely between the two. A read with no such write
 * (stale, from the future, of a value never written) is refuted in {@code O(n log n)} with a precise explanation, where
 * the search would have to exhaust every order of a highly concurrent prefix.</li>
 * </ol>
 * The search explores at most {@link Context#maxStatesPerKey()} configurations per register; past that the register's
 * verdict is {@link Verdict#UNKNOWN}, never a guess. A violation names the register, the completed operation the
 * longest consistent order could not place, the values the register could hold just before it, the last operations of
 * that order and the operations that could still have gone before it, all with their times.
 *
 * <h2>Clock</h2>
 * Times come from {@link System#nanoTime()}; comparing the times of several JVMs assumes they share a clock, which
 * holds for the processes of one Linux machine ({@code CLOCK_MONOTONIC}). Operations whose response and invocation
 * times are equal are treated as concurrent.
 */
public final class LinearizabilityChecker
{
    private final Context context;

    /**
     * A checker with registers starting at 0 and the default limit.
     */
    public LinearizabilityChecker()
    {
        this(new Context());
    }

    /**
     * @param context the settings; concluded here.
     */
    public LinearizabilityChecker(final Context context)
    {
        this.context = context.conclude();
    }

    /**
     * @param history the operations of every register.
     * @return the verdict of each register and of the whole history.
     */
    public CheckResult check(final History history)
    {
        final long start = System.nanoTime();
        final long origin = origin(history.operations());
        final List<KeyResult> results = new ArrayList<>();
        for (final Map.Entry<String, List<Operation>> entry : history.byKey().entrySet())
        {
            results.add(check(entry.getKey(), entry.getValue(), origin));
        }
        return new CheckResult(results, System.nanoTime() - start);
    }

    /**
     * @param key        the register.
     * @param operations its operations, in any order; all must be on this key.
     * @return the verdict for this register.
     */
    public KeyResult checkKey(final String key, final List<Operation> operations)
    {
        for (final Operation operation : operations)
        {
            if (!operation.key().equals(key))
            {
                throw new IllegalArgumentException("operation on another key: " + operation);
            }
        }
        return check(key, operations, origin(operations));
    }

    private KeyResult check(final String key, final List<Operation> operations, final long origin)
    {
        final long initialValue = context.initialValue(key);
        if (context.readSourceCheck())
        {
            final KeyResult violation = new ReadSourceCheck(key, operations, origin).run(initialValue);
            if (violation != null)
            {
                return violation;
            }
        }
        return new RegisterSearch(key, operations, origin).run(initialValue, context.maxStatesPerKey());
    }

    private static long origin(final List<Operation> operations)
    {
        long origin = Long.MAX_VALUE;
        for (final Operation operation : operations)
        {
            origin = Math.min(origin, operation.invokeNanos());
        }
        return operations.isEmpty() ? 0 : origin;
    }

    /**
     * The settings of a {@link LinearizabilityChecker}.
     */
    public static final class Context
    {
        /**
         * The value every register holds before its first operation, unless set per key.
         */
        public static final long INITIAL_VALUE_DEFAULT = 0;

        /**
         * The most search states explored per register before the verdict is {@link Verdict#UNKNOWN}. A state costs
         * about 100 bytes.
         */
        public static final long MAX_STATES_PER_KEY_DEFAULT = 2_000_000;

        private long initialValue = INITIAL_VALUE_DEFAULT;
        private final Map<String, Long> initialValues = new HashMap<>();
        private long maxStatesPerKey = MAX_STATES_PER_KEY_DEFAULT;
        private boolean readSourceCheck = true;

        /**
         * @param value the value every register holds before its first operation.
         * @return this context.
         */
        public Context initialValue(final long value)
        {
            initialValue = value;
            return this;
        }

        /**
         * @param key   a register.
         * @param value the value it holds before its first operation.
         * @return this context.
         */
        public Context initialValue(final String key, final long value)
        {
            initialValues.put(key, value);
            return this;
        }

        /**
         * @param key a register.
         * @return the value it holds before its first operation.
         */
        public long initialValue(final String key)
        {
            return initialValues.getOrDefault(key, initialValue);
        }

        /**
         * @param limit the most search states explored per register before giving up.
         * @return this context.
         */
        public Context maxStatesPerKey(final long limit)
        {
            maxStatesPerKey = limit;
            return this;
        }

        /**
         * @return the most search states explored per register before giving up.
         */
        public long maxStatesPerKey()
        {
            return maxStatesPerKey;
        }

        /**
         * @param enabled whether to run the pre-check that refutes reads no write can explain before searching (on by
         *                default; turned off only to exercise the search alone).
         * @return this context.
         */
        public Context readSourceCheck(final boolean enabled)
        {
            readSourceCheck = enabled;
            return this;
        }

        /**
         * @return whether to run the pre-check that refutes reads no write can explain before searching.
         */
        public boolean readSourceCheck()
        {
            return readSourceCheck;
        }

        /**
         * @return this context, checked.
         */
        public Context conclude()
        {
            if (maxStatesPerKey < 1)
            {
                throw new IllegalArgumentException("maxStatesPerKey must be positive: " + maxStatesPerKey);
            }
            return this;
        }
    }
}
