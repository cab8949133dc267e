/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.client;

import io.memfabric.FabricException;
import io.memfabric.consensus.protocol.ErrorCode;

/**
 * The cluster refused a request: its {@link #reason()} says why (a stale fencing token, a lock not held, ...), and
 * its {@link #category()}, the reason's, what kind of failure that is.
 */
public final class ConsensusException extends FabricException
{
    private static final long serialVersionUID = 2L;
    private static final ErrorCode[] CODES = ErrorCode.values();

    /**
     * Why the cluster refused a request: one value per ERROR code of the protocol (consensus/PROTOCOL.md), and one
     * for a code this client does not know. Each has the {@link Category} that says what a caller can do about it.
     */
    public enum Reason
    {
        /** The cluster could not read the request: a damaged message, or a fault in this client. */
        MALFORMED(Category.REFUSED),
        /** The cluster does not know the kind of request (a cluster older than this client). */
        UNKNOWN_REQUEST(Category.REFUSED),
        /** The request is of a wire version newer than the cluster's: upgrade the cluster's members. */
        UNSUPPORTED_VERSION(Category.REFUSED),
        /** The cluster holds no live lease for this client: its locks and read leases are gone. */
        NOT_CONNECTED(Category.LOST),
        /** The lock released, waited on or notified is not held by the owner that asked. */
        NOT_OWNER(Category.LOST),
        /** The fencing token is not the lock's any more: the lock changed hands, and the write was not applied. */
        STALE_TOKEN(Category.LOST),
        /** No object of that id was ever allocated. */
        NO_SUCH_OBJECT(Category.NOT_FOUND),
        /** The request id is below the window the cluster deduplicates, so its outcome cannot be told. */
        DUPLICATE_TOO_OLD(Category.REFUSED),
        /** A size or count over the cluster's limit: a slot too large, too many ids or objects at once. */
        LIMIT_EXCEEDED(Category.LIMIT),
        /** The cluster failed while applying the request. */
        INTERNAL(Category.INTERNAL),
        /**
         * Another client owns the object (it wrote it back under a greedy lock and has not sent every write yet); the
         * cluster asked it to flush: retry shortly (the fabric does, until its timeout).
         */
        OWNED(Category.UNAVAILABLE),
        /** An object the transaction read changed before it committed; nothing was written (wire version 5). */
        CONFLICT(Category.LOST),
        /** A code this client does not know (a newer cluster's): the message names its number. */
        UNKNOWN_CODE(Category.REFUSED);

        private final Category category;

        Reason(final Category category)
        {
            this.category = category;
        }

        /**
         * @return what kind of failure this reason is.
         */
        public Category category()
        {
            return category;
        }
    }

    private final Reason reason;

    /**
     * @param reason  why the cluster refused the request.
     * @param message the cluster's explanation.
     */
    public ConsensusException(final Reason reason, final String message)
    {
        super(reason.category(), reason + ": " + message);
        this.reason = reason;
    }

    /**
     * An ERROR as it came: its code may be one this client does not know (a newer cluster's).
     *
     * @param rawCode the code on the wire.
     * @param message the cluster's explanation.
     * @return the exception; its reason is {@link Reason#UNKNOWN_CODE} if this client does not know the code, and
     * its message then names the number.
     */
    static ConsensusException of(final int rawCode, final String message)
    {
        final Reason reason = reasonOf(rawCode);
        return reason != Reason.UNKNOWN_CODE ? new ConsensusException(reason, message) :
            new ConsensusException(reason, codeName(rawCode) + ": " + message);
    }

    /**
     * @param rawCode an error code on the wire.
     * @return its reason's name, or what it is when this client does not know it.
     */
    static String codeName(final int rawCode)
    {
        final Reason reason = reasonOf(rawCode);
        return reason != Reason.UNKNOWN_CODE ? reason.name() : "error code " + rawCode + ", unknown to this client";
    }

    /**
     * The one place a wire error code becomes a {@link Reason}: the generated {@link ErrorCode} stays inside the
     * consensus module, so a change of the schema's codes cannot change the client's public API by accident.
     *
     * @param rawCode an error code on the wire.
     * @return its reason, or {@link Reason#UNKNOWN_CODE} for a code this client does not know.
     */
    static Reason reasonOf(final int rawCode)
    {
        for (final ErrorCode code : CODES)
        {
            if (code.value() == rawCode)
            {
                return reasonOf(code);
            }
        }
        return Reason.UNKNOWN_CODE;
    }

    // A switch expression without a default: a code added to the schema does not compile until it has its reason.
    static Reason reasonOf(final ErrorCode code)
    {
        return switch (code)
        {
            case MALFORMED -> Reason.MALFORMED;
            case UNKNOWN_TEMPLATE -> Reason.UNKNOWN_REQUEST;
            case UNSUPPORTED_VERSION -> Reason.UNSUPPORTED_VERSION;
            case NOT_CONNECTED -> Reason.NOT_CONNECTED;
            case NOT_OWNER -> Reason.NOT_OWNER;
            case STALE_TOKEN -> Reason.STALE_TOKEN;
            case NO_SUCH_OBJECT -> Reason.NO_SUCH_OBJECT;
            case DUPLICATE_TOO_OLD -> Reason.DUPLICATE_TOO_OLD;
            case LIMIT_EXCEEDED -> Reason.LIMIT_EXCEEDED;
            case INTERNAL -> Reason.INTERNAL;
            case OWNED -> Reason.OWNED;
            case CONFLICT -> Reason.CONFLICT;
            case NULL_VAL -> Reason.UNKNOWN_CODE;
        };
    }

    /**
     * @return why the cluster refused the request, or {@link Reason#UNKNOWN_CODE} for a code this client does not
     * know.
     */
    public Reason reason()
    {
        return reason;
    }
}
