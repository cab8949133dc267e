/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport;

/**
 * A page read or write that did not complete: what failed, for which page and peer, and what to do.
 */
public final class PageTransferException extends TransportException
{
    private static final long serialVersionUID = 1L;

    /** Why a transfer failed. */
    public enum Reason
    {
        /** The holder does not have the page. */
        NOT_FOUND,
        /** The bytes that arrived do not match the page's checksum. */
        CHECKSUM_MISMATCH,
        /** The holder's page has another length than the reference says. */
        LENGTH_MISMATCH,
        /** The transfer took longer than memfabric.transport.page.timeout.ms. */
        TIMEOUT,
        /** The peer is not known to this node (add it first) or left. */
        UNKNOWN_PEER,
        /** The receiving side refused the page (no sink, or it is full). */
        REFUSED,
        /** The data plane is closing. */
        CLOSED
    }

    private final Reason reason;

    /**
     * @param reason  why.
     * @param message what failed and what to do.
     */
    public PageTransferException(final Reason reason, final String message)
    {
        super(message);
        this.reason = reason;
    }

    /**
     * @return why the transfer failed.
     */
    public Reason reason()
    {
        return reason;
    }
}
