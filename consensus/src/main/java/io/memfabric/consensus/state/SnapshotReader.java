/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.protocol.MessageHeaderDecoder;
import io.memfabric.consensus.wire.Wire;
import org.agrona.DirectBuffer;

/**
 * Hands the parts of the state machine their snapshot sections in order: a part asks for the section it expects next
 * ({@link #expect}), wraps its decoder at {@link #blockOffset()} with the header's block length and version, reads it
 * whole, and moves on to where the decoder ended ({@link #advance}). A section of another template, schema or
 * length is a damaged snapshot.
 */
final class SnapshotReader
{
    final DirectBuffer buffer;
    final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final int length;
    private int position;

    SnapshotReader(final DirectBuffer buffer, final int length)
    {
        this.buffer = buffer;
        this.length = length;
    }

    /**
     * @param templateId the section the caller reads next.
     * @throws IllegalStateException if the next section is another one, or the snapshot ends first.
     */
    void expect(final int templateId)
    {
        if (position + Wire.HEADER_LENGTH > length || !Wire.isCurrent(buffer, position, length - position))
        {
            throw new IllegalStateException("not a FabricStateMachine snapshot of wire version " + Wire.VERSION +
                " (the section at " + position + " has another schema or is cut short)");
        }
        header.wrap(buffer, position);
        if (header.templateId() != templateId)
        {
            throw new IllegalStateException("snapshot section " + header.templateId() + " at " + position +
                " where section " + templateId + " belongs");
        }
    }

    /**
     * @return where the expected section's block starts.
     */
    int blockOffset()
    {
        return position + Wire.HEADER_LENGTH;
    }

    /**
     * @param limit where the section just read ends.
     */
    void advance(final int limit)
    {
        if (limit > length)
        {
            throw new IllegalStateException("snapshot truncated in section " + header.templateId());
        }
        position = limit;
    }

    /**
     * @throws IllegalStateException if anything follows the last section.
     */
    void end()
    {
        if (position != length)
        {
            throw new IllegalStateException("snapshot has " + (length - position) + " trailing bytes");
        }
    }
}
