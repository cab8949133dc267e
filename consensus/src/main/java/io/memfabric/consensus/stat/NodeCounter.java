/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.stat;

/**
 * The counters of one fabric node: what the program in a JVM asked of the fabric and what it cost. Type ids are
 * {@code 0x4D460000} ("MF") plus the ordinal, so the order of the constants must not change; add new ones at the end.
 */
public enum NodeCounter implements FabricCounter
{
    LOCKS_ACQUIRED("locks_acquired", "fabric locks granted to a thread of this JVM (the outermost synchronized)"),
    LOCKS_HELD("locks_held", "fabric locks threads of this JVM hold now", true),
    LOCKS_WAITING("locks_waiting", "threads of this JVM waiting now for a fabric lock", true),
    LOCK_WAIT_MS("lock_wait_ms", "milliseconds threads spent waiting for fabric locks, summed"),
    LOCKS_LOST("locks_lost", "fabric locks taken away because this JVM was silent past its session"),
    WAITS("waits", "Object.wait calls on shared objects"),
    NOTIFIES("notifies", "notify and notifyAll calls on shared objects"),
    READS_LOCAL("reads_local",
        "reads of shared instance fields served from the local copy (only with memfabric.stats.reads=true)"),
    READS_REMOTE("reads_remote", "reads that asked the cluster: a local copy without a valid lease"),
    LEASE_GRANTS("lease_grants", "read leases taken: the copy is read locally until it is invalidated or expires"),
    LEASE_MISSES("lease_misses", "reads that found the object's copy invalid (no lease, or revoked)"),
    LEASES_EXPIRED("leases_expired", "read leases that ran out unrevoked"),
    INVALIDATIONS("invalidations", "invalidations received: another node wrote an object this JVM had leased"),
    WRITES("writes", "shared field writes sent to the cluster"),
    WRITE_MESSAGES("write_messages", "write messages sent (a publication of many objects is sent in several)"),
    OBJECTS_PUBLISHED("objects_published", "objects that became shared through this JVM"),
    REQUESTS("requests", "requests sent to the cluster (resends not counted)"),
    RETRIES("retries", "requests sent again after a lost session or a new leader"),
    FAILOVERS("failovers", "times the cluster told this JVM of a new leader"),
    RECONNECTS("reconnects", "sessions opened again after one was lost"),
    TIMEOUTS("timeouts", "operations that gave up after memfabric.timeout.ms (FabricUnavailableException)"),
    MALFORMED("malformed", "messages from the cluster this JVM could not decode, or errors it did not expect"),
    CONNECTED("connected", "1 while a session with the cluster is open, else 0", true),
    LOCKS_KEPT("locks_kept", "fabric lock entries served by this JVM's greedy hold, with no round trip"),
    LOCK_RECALLS("lock_recalls", "greedy holds of this JVM the cluster recalled for another JVM or thread"),
    OWNED_RETRIES("owned_retries", "requests sent again because another JVM owned what they touched (it was asked to "
        + "flush its writes)"),
    WRITES_BUFFERED("writes_buffered",
        "field writes kept in this JVM's copy of an object it owns, to be flushed later"),
    FLUSHES("flushes", "WRITE_BATCH messages that sent buffered writes to the cluster"),
    FLUSH_RECALLS("flush_recalls",
        "requests of the cluster to flush an object this JVM owns (another JVM asked for it)"),
    TX_COMMITS("tx_commits", "transactions (Fabric.atomically) committed"),
    TX_CONFLICTS("tx_conflicts", "transaction attempts refused because something they read had changed; run again"),
    REPLICA_WRITES_SENT("replica_writes_sent",
        "CAUSAL/EVENTUAL field writes and merging-type changes this JVM sent over the data plane"),
    REPLICA_WRITES_APPLIED("replica_writes_applied", "CAUSAL/EVENTUAL writes of other JVMs applied here"),
    REPLICA_WRITES_SUPERSEDED("replica_writes_superseded",
        "CAUSAL/EVENTUAL writes of other JVMs that arrived after a newer write of the same field (last writer wins)"),
    REPLICA_STATES_INSTALLED("replica_states_installed",
        "peer states installed: on joining, and to catch up with broadcasts this JVM missed (partition, full queue)"),
    REPLICA_WRITES_RECOVERED("replica_writes_recovered",
        "CAUSAL/EVENTUAL writes of an earlier run of this JVM recovered from its journal at start, and sent again");

    private static final int TYPE_ID_BASE = 0x4D46_0000;

    private final String id;
    private final String description;
    private final boolean gauge;

    NodeCounter(final String id, final String description)
    {
        this(id, description, false);
    }

    NodeCounter(final String id, final String description, final boolean gauge)
    {
        this.id = id;
        this.description = description;
        this.gauge = gauge;
    }

    /**
     * {@inheritDoc}
     */
    public String id()
    {
        return id;
    }

    /**
     * {@inheritDoc}
     */
    public String description()
    {
        return description;
    }

    /**
     * {@inheritDoc}
     */
    public boolean gauge()
    {
        return gauge;
    }

    /**
     * {@inheritDoc}
     */
    public int typeId()
    {
        return TYPE_ID_BASE + ordinal();
    }
}
