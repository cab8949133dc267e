/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.protocol.MessageHeaderEncoder;
import io.memfabric.consensus.wire.Wire;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.sbe.MessageEncoderFlyweight;

/**
 * Where the parts of the state machine write their snapshot sections, one after another: a part wraps a section's
 * encoder with its header at {@link #position} in {@link #buffer}, fills it, and {@link #advance advances}.
 */
final class SnapshotWriter
{
    final ExpandableArrayBuffer buffer;
    final MessageHeaderEncoder header = new MessageHeaderEncoder();
    int position;

    SnapshotWriter(final ExpandableArrayBuffer buffer)
    {
        this.buffer = buffer;
    }

    /**
     * @param section the section just written at {@link #position}.
     */
    void advance(final MessageEncoderFlyweight section)
    {
        position += Wire.length(section);
    }
}
