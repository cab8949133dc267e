/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.stat;

/**
 * The counters of one cluster member: what its copy of the state machine applied and holds. Every member applies the
 * same log, so followers show the leader's counts once they have caught up. Most counts start at 0 when the member's
 * process starts; {@code requests_applied}, {@code malformed} and {@code internal_errors} are kept in the replicated
 * state and count since the cluster began; the gauges are read from the state every quarter second. Type ids are
 * {@code 0x4D460100} plus the ordinal; add new constants at the end.
 */
public enum MemberCounter implements FabricCounter
{
    ROLE("role", "0 follower, 1 candidate, 2 leader", true),
    LEADER_CHANGES("leader_changes", "times this member's role changed (elections it took part in)"),
    CLIENTS("clients", "fabric nodes with a live session lease", true),
    REQUESTS_APPLIED("requests_applied", "client requests applied from the log, since the cluster began"),
    DUPLICATES("duplicates", "requests seen again (a client retried) and answered from the deduplication window"),
    MALFORMED("malformed",
        "messages rejected as malformed, of unknown template or unsupported version, since the cluster began"),
    INTERNAL_ERRORS("internal_errors",
        "messages whose handling failed inside the state machine (a bug), since the cluster began"),
    LOCKS_HELD("locks_held", "fabric locks held now", true),
    LOCK_WAITERS("lock_waiters", "lock requests queued now behind a holder", true),
    LOCK_GRANTS("lock_grants", "locks granted (each with a new fencing token)"),
    LOCK_TIMEOUTS("lock_timeouts", "bounded lock requests that timed out"),
    LOCKS_EXPIRED("locks_expired", "locks taken back from a client whose session lease ran out"),
    OBJECTS("objects", "shared objects held", true),
    READS("reads", "objects sent to clients by reads"),
    READ_LEASES("read_leases", "read leases granted"),
    WRITES("writes", "field writes applied"),
    INVALIDATIONS("invalidations", "invalidations pushed to lease holders"),
    SESSIONS_EXPIRED("sessions_expired", "clients forgotten because their session lease ran out"),
    SNAPSHOTS("snapshots", "snapshots this member took"),
    REPLIES_DROPPED("replies_dropped", "replies that could not be delivered (the client retries)"),
    LOCK_RECALLS("lock_recalls", "recalls sent to clients holding a lock greedily that someone else queued for"),
    FLUSH_RECALLS("flush_recalls", "reads and writes refused because another client owns the object, each of which "
        + "asked the owner to flush it"),
    OWNERSHIPS("ownerships", "objects given to a client as its own (written back under a greedy lock)"),
    CONFLICTS("conflicts", "transactions refused because an object they read had changed (CONFLICT)");

    private static final int TYPE_ID_BASE = 0x4D46_0100;

    private final String id;
    private final String description;
    private final boolean gauge;

    MemberCounter(final String id, final String description)
    {
        this(id, description, false);
    }

    MemberCounter(final String id, final String description, final boolean gauge)
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
