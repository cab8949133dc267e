/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport;

/**
 * A page read or write that did not complete: what failed, for which page and peer, and what to do. Its
 * {@link #reason()} says why, and decides its {@link #category()}.
 */
public final class PageTransferException extends TransportException
{
    private static final long serialVersionUID = 2L;

    /** Why a transfer failed, each with the category of failure it is. */
    public enum Reason
    {
        /** The holder does not have the page. */
        NOT_FOUND(Category.NOT_FOUND),
        /** The bytes that arrived do not match the page's checksum. */
        CHECKSUM_MISMATCH(Category.CORRUPT),
        /** The holder's page has another length than the reference says. */
        LENGTH_MISMATCH(Category.CORRUPT),
        /** The transfer took longer than memfabric.transport.page.timeout.ms. */
        TIMEOUT(Category.UNAVAILABLE),
        /** The peer is not known to this node (add it first), left, or cannot be reached. */
        UNKNOWN_PEER(Category.UNAVAILABLE),
        /** The receiving side refused the page (no sink, or it is full). */
        REFUSED(Category.REFUSED),
        /** The data plane is closing. */
        CLOSED(Category.UNAVAILABLE);

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
     * @param reason  why; it gives the exception its category.
     * @param message what failed and what to do.
     */
    public PageTransferException(final Reason reason, final String message)
    {
        super(reason.category(), message);
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
