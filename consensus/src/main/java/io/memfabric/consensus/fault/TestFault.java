/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.fault;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Deliberate defects, for proving that the memory-model tests can fail: each one breaks a single rule of the STRONG
 * protocol, the way a real bug in that place would. They exist only so that the JCStress suite's self-test can show
 * the suite reports FORBIDDEN outcomes when the runtime is wrong; never set them anywhere else.
 * <p>
 * Switched on by the system property {@value #PROP_NAME}, a comma-separated list of names
 * ({@code skip-invalidation,skip-lock}), read once when this class loads. A JVM with any fault on says so on
 * standard error. The property is deliberately not a {@code FabricConfig} setting: a configuration file or an
 * environment variable cannot turn one on by accident.
 */
public enum TestFault
{
    /**
     * A node acknowledges an {@code INVALIDATE} but keeps serving its local copy until the lease runs out: reads see
     * overwritten values (message passing, store buffering, IRIW, coherence fail).
     */
    SKIP_INVALIDATION("skip-invalidation"),

    /**
     * {@code synchronized} on a shared object takes only the JVM monitor of this node's copy, not the cluster lock:
     * two nodes are in the critical section at once (mutual exclusion, CAS, wait/notify hand-off fail).
     */
    SKIP_LOCK("skip-lock"),

    /**
     * A field store returns before the cluster has applied it, and reaches the cluster 80 ms later, a store that
     * follows another within 50 ms overtaking it by 40 ms: a completed write is not visible yet, a flag lands before
     * the data it guards, a reference before the objects it points to (visibility, message passing, publication, mutual
     * exclusion fail).
     */
    EARLY_WRITE_ACK("early-write-ack"),

    /**
     * The cluster answers other clients' reads of an object a client owns (and applies their writes) instead of
     * refusing them and recalling the owner's writes: a read sees the cluster's state, older than writes the owner
     * completed and keeps in its copy (owner write visibility fails).
     */
    SKIP_OWNERSHIP("skip-ownership"),
    /**
     * The cluster applies a write fenced by a lock's old fencing token (fencing fails).
     */
    SKIP_FENCING("skip-fencing"),

    /**
     * The agent leaves shared fields as declared instead of making them {@code volatile}: in the embedded fabric, and
     * between threads of one node, the CPU's and the JIT's reorderings show (store buffering fails, given enough
     * samples).
     */
    PLAIN_FIELDS("plain-fields"),

    /**
     * A JVM gathers the CAUSAL/EVENTUAL writes it sends for 2 ms into one batch, and applies each batch it receives
     * last write first, a millisecond apart: a flag lands before the data written before it (causal message passing
     * fails).
     */
    REPLICA_REVERSE_APPLY("replica-reverse-apply"),

    /**
     * A JVM applies every CAUSAL/EVENTUAL write it receives, even one older than the field's (last writer wins
     * skipped): JVMs that wrote a field at once each keep the other's value (convergence fails).
     */
    SKIP_LWW("skip-lww");

    /**
     * The system property listing the faults to switch on.
     */
    public static final String PROP_NAME = "memfabric.test.faults";

    private static final Set<TestFault> ACTIVE = parse(System.getProperty(PROP_NAME));

    private final String propertyName;

    TestFault(final String propertyName)
    {
        this.propertyName = propertyName;
    }

    /**
     * @return the name used in {@value #PROP_NAME}.
     */
    public String propertyName()
    {
        return propertyName;
    }

    /**
     * @return whether this fault is switched on in this JVM.
     */
    public boolean active()
    {
        return ACTIVE.contains(this);
    }

    /**
     * @return the faults switched on in this JVM.
     */
    public static Set<TestFault> activeFaults()
    {
        return Collections.unmodifiableSet(ACTIVE);
    }

    /**
     * @param names a comma-separated list of fault names, or {@code null}.
     * @return the faults named.
     * @throws IllegalArgumentException naming the unknown name and the known ones.
     */
    public static Set<TestFault> parse(final String names)
    {
        final EnumSet<TestFault> faults = EnumSet.noneOf(TestFault.class);
        if (names == null)
        {
            return faults;
        }
        for (final String raw : names.split(","))
        {
            final String name = raw.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty())
            {
                continue;
            }
            faults.add(byName(name));
        }
        if (!faults.isEmpty())
        {
            System.err.println("MemFabric: TEST FAULTS ON " + faults + " (" + PROP_NAME + "): this JVM breaks the " +
                "memory model on purpose");
        }
        return faults;
    }

    private static TestFault byName(final String name)
    {
        for (final TestFault fault : values())
        {
            if (fault.propertyName.equals(name))
            {
                return fault;
            }
        }
        final StringBuilder known = new StringBuilder();
        for (final TestFault fault : values())
        {
            known.append(known.length() == 0 ? "" : ", ").append(fault.propertyName);
        }
        throw new IllegalArgumentException(PROP_NAME + ": unknown fault '" + name + "'; the faults are " + known);
    }
}
