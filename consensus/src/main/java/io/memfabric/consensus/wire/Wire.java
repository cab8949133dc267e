/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.wire;

import io.memfabric.consensus.protocol.MessageHeaderDecoder;
import io.memfabric.consensus.protocol.MessageHeaderEncoder;
import org.agrona.DirectBuffer;
import org.agrona.SemanticVersion;
import org.agrona.sbe.MessageEncoderFlyweight;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Facts about a message on the wire that every side needs: the schema it belongs to, its template, its length, and
 * whether it is a message of the retired wire version 1 (see {@link LegacyWire}).
 * <p>
 * Every message is the SBE header ({@code blockLength, templateId, schemaId, version}, 8 bytes, little-endian) and
 * the body the schema {@code memfabric-protocol.xml} describes.
 */
public final class Wire
{
    /**
     * The schema's id, in every message's header.
     */
    public static final int SCHEMA_ID = MessageHeaderEncoder.SCHEMA_ID;

    /**
     * The wire version this code speaks (the schema's version).
     */
    public static final int VERSION = MessageHeaderEncoder.SCHEMA_VERSION;

    /**
     * The wire version of the hand-written codecs this schema replaced.
     */
    public static final int LEGACY_VERSION = 1;

    /**
     * The first wire version with greedy lock holds (owner {@link #CLIENT_OWNER}, LOCK_RECALL).
     */
    public static final int GREEDY_VERSION = 3;

    /**
     * The first wire version with owned objects: a WRITE_BATCH with {@code own} set makes its sender the owner of what
     * it wrote for as long as its fencing grant is current, other clients are refused with OWNED while the owner is
     * sent FLUSH_RECALL, and the owner's WRITE_BATCH lists what it gives up in {@code released}.
     */
    public static final int OWNERSHIP_VERSION = 4;

    /**
     * The first wire version with transactions: a WRITE_BATCH whose {@code expected} group lists what a transaction
     * read (object and version) is applied only if none of them changed since, and answered ERROR CONFLICT otherwise.
     */
    public static final int TRANSACTION_VERSION = 5;

    /**
     * The owner id of a greedy lock hold: the client as a whole. The cluster recalls it (LOCK_RECALL) when anyone else
     * queues for the lock; meanwhile any thread of the client may wait on the lock's condition and notify it under
     * its own owner id.
     */
    public static final long CLIENT_OWNER = 0;

    /**
     * The app version members run with (Aeron Cluster's {@code appVersion}): its minor number is the wire version. Each
     * leadership term writes it into the log, which is how a replay tells a log of version 1's time (Aeron's default,
     * 0.0.1) from one of this version's.
     */
    public static final int APP_VERSION = SemanticVersion.compose(0, VERSION, 0);

    /**
     * The first app version whose leadership terms extend every client's lease (a grace period after an election).
     * The patch number marks a change of the state machine's rules that changes no message: a replay applies a term's
     * rules by the app version the term recorded.
     */
    public static final int LEASE_GRACE_APP_VERSION = SemanticVersion.compose(0, 2, 1);

    /**
     * The header's length.
     */
    public static final int HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH;

    /**
     * Text and bytes are at most this long.
     */
    public static final int MAX_VAR_LENGTH = 64 * 1024;

    private Wire()
    {
    }

    /**
     * @param encoder an encoder wrapped with its header at the start of a message.
     * @return the whole message's length: header and body.
     */
    public static int length(final MessageEncoderFlyweight encoder)
    {
        return HEADER_LENGTH + encoder.encodedLength();
    }

    /**
     * @param buffer holds a message.
     * @param offset where it starts.
     * @return its template id (any header of this schema; check {@link #isCurrent} first).
     */
    public static int templateId(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(), LITTLE_ENDIAN) & 0xFFFF;
    }

    /**
     * @param buffer holds a message.
     * @param offset where it starts.
     * @param length its length.
     * @return whether it carries this schema's id and a version of it from 2 on (it may be newer than this code).
     */
    public static boolean isCurrent(final DirectBuffer buffer, final int offset, final int length)
    {
        return length >= HEADER_LENGTH &&
            (buffer.getShort(offset + MessageHeaderDecoder.schemaIdEncodingOffset(), LITTLE_ENDIAN) & 0xFFFF) ==
            SCHEMA_ID && version(buffer, offset) > LEGACY_VERSION;
    }

    /**
     * @param buffer holds a message with this schema's header.
     * @param offset where it starts.
     * @return the wire version it was written with.
     */
    public static int version(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + MessageHeaderDecoder.versionEncodingOffset(), LITTLE_ENDIAN) & 0xFFFF;
    }

    /**
     * Version 1's header was {@code templateId u16, version u16 (= 1), bodyLength i32}. Its last two bytes are the
     * high half of a body length under 128 KiB (0 or 1), where this schema's header has a version of 2 or more, so the
     * two never look alike.
     *
     * @param buffer holds a message.
     * @param offset where it starts.
     * @param length its length.
     * @return whether it is a message of wire version 1.
     */
    public static boolean isLegacy(final DirectBuffer buffer, final int offset, final int length)
    {
        return length >= HEADER_LENGTH && !isCurrent(buffer, offset, length) &&
            (buffer.getShort(offset + 2, LITTLE_ENDIAN) & 0xFFFF) == LEGACY_VERSION &&
            buffer.getInt(offset + 4, LITTLE_ENDIAN) == length - HEADER_LENGTH;
    }
}
