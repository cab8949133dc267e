/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.wire;

import io.memfabric.consensus.protocol.AllocateIdsEncoder;
import io.memfabric.consensus.protocol.BooleanType;
import io.memfabric.consensus.protocol.CasEncoder;
import io.memfabric.consensus.protocol.CasResultEncoder;
import io.memfabric.consensus.protocol.ConnectEncoder;
import io.memfabric.consensus.protocol.ConnectedEncoder;
import io.memfabric.consensus.protocol.DisconnectEncoder;
import io.memfabric.consensus.protocol.DisconnectedEncoder;
import io.memfabric.consensus.protocol.ErrorEncoder;
import io.memfabric.consensus.protocol.IdRangeEncoder;
import io.memfabric.consensus.protocol.InvalidateAckEncoder;
import io.memfabric.consensus.protocol.InvalidateEncoder;
import io.memfabric.consensus.protocol.KeepaliveAckEncoder;
import io.memfabric.consensus.protocol.KeepaliveEncoder;
import io.memfabric.consensus.protocol.LockAcquireEncoder;
import io.memfabric.consensus.protocol.LockGrantedEncoder;
import io.memfabric.consensus.protocol.LockNotifiedEncoder;
import io.memfabric.consensus.protocol.LockNotifyEncoder;
import io.memfabric.consensus.protocol.LockReleaseEncoder;
import io.memfabric.consensus.protocol.LockReleasedEncoder;
import io.memfabric.consensus.protocol.LockTimeoutEncoder;
import io.memfabric.consensus.protocol.LockWaitEncoder;
import io.memfabric.consensus.protocol.MembershipEncoder;
import io.memfabric.consensus.protocol.MessageHeaderEncoder;
import io.memfabric.consensus.protocol.NodeRegisterEncoder;
import io.memfabric.consensus.protocol.NodeRegisteredEncoder;
import io.memfabric.consensus.protocol.ObjectGraphEncoder;
import io.memfabric.consensus.protocol.ObjectReadAllEncoder;
import io.memfabric.consensus.protocol.ObjectReadEncoder;
import io.memfabric.consensus.protocol.ObjectValuesEncoder;
import io.memfabric.consensus.protocol.ReadGraphEncoder;
import io.memfabric.consensus.protocol.RootEncoder;
import io.memfabric.consensus.protocol.RootGetOrCreateEncoder;
import io.memfabric.consensus.protocol.ValueMessageEncoder;
import io.memfabric.consensus.protocol.ValueTag;
import io.memfabric.consensus.protocol.WriteAckEncoder;
import io.memfabric.consensus.protocol.WriteBatchEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Reads the retired wire version 1 (the hand-written codecs, {@code consensus/PROTOCOL.md} of that time): translates
 * one of its messages into the equivalent message of this schema, finds a request's requestId, and writes the one
 * version 1 message the cluster still sends, an ERROR refusing a client that speaks version 1.
 * <p>
 * Version 1 framing: an 8-byte header ({@code templateId u16, version u16 = 1, bodyLength i32 = length - 8}), a
 * fixed block, then variable fields in order: text and bytes as {@code i32 length + bytes} (0..65,536), a slot value
 * as a tag byte then nothing (NULL 0), an i64 (LONG 1, REF 3) or {@code i32 length + bytes} (BYTES 2), and arrays
 * whose count is a field of the fixed block. All little-endian.
 * <p>
 * A message is translated only when it is well formed by version 1's own rules, exactly as its decoders' {@code wrap}
 * checked them: the fixed block and every variable field fit and fill the message exactly, no length or count is
 * negative or over its limit, every value tag is known, and READ_GRAPH names at least one start object. Range checks
 * of field values (a positive requestId, waitMs, slot, ...) are the state machine's and are not made here.
 * <p>
 * The methods are static and allocate nothing per call: the flyweights {@link #translate} encodes with are reused per
 * thread.
 */
public final class LegacyWire
{
    private static final int HEADER = Wire.HEADER_LENGTH;
    private static final int REQUEST_ID_OFFSET = HEADER + 8;
    private static final int VAR_PREFIX = 4;
    private static final int TAG_NULL = ValueTag.NULL.value();
    private static final int TAG_LONG = ValueTag.LONG.value();
    private static final int TAG_BYTES = ValueTag.BYTES.value();
    private static final int TAG_REF = ValueTag.REF.value();
    private static final int LONG_VALUE_LENGTH = 1 + 8;
    private static final int ERROR_TEMPLATE_ID = ErrorEncoder.TEMPLATE_ID;
    private static final int ERROR_BLOCK_LENGTH = 12;
    private static final int NO_BOOLEAN = -1;
    private static final int MAX_TEMPLATE_ID = 202;

    // Templates translated by writing this schema's header and copying the body: v1 block length (0 = not copied),
    // how many utf8 fields follow the block, and the body offset of a boolean to normalize to 0/1.
    private static final int[] COPY_BLOCK = new int[MAX_TEMPLATE_ID + 1];
    private static final int[] COPY_UTF8_FIELDS = new int[MAX_TEMPLATE_ID + 1];
    private static final int[] COPY_BOOLEAN_AT = new int[MAX_TEMPLATE_ID + 1];

    static
    {
        copied(ConnectEncoder.TEMPLATE_ID, 24, ConnectEncoder.BLOCK_LENGTH, 0, NO_BOOLEAN);
        copied(KeepaliveEncoder.TEMPLATE_ID, 16, KeepaliveEncoder.BLOCK_LENGTH, 0, NO_BOOLEAN);
        copied(LockAcquireEncoder.TEMPLATE_ID, 40, LockAcquireEncoder.BLOCK_LENGTH, 0, NO_BOOLEAN);
        copied(LockReleaseEncoder.TEMPLATE_ID, 32, LockReleaseEncoder.BLOCK_LENGTH, 0, NO_BOOLEAN);
        copied(ObjectReadEncoder.TEMPLATE_ID, 36, ObjectReadEncoder.BLOCK_LENGTH, 0, NO_BOOLEAN);
        copied(ObjectReadAllEncoder.TEMPLATE_ID, 32, ObjectReadAllEncoder.BLOCK_LENGTH, 0, NO_BOOLEAN);
        copied(AllocateIdsEncoder.TEMPLATE_ID, 20, AllocateIdsEncoder.BLOCK_LENGTH, 0, NO_BOOLEAN);
        copied(InvalidateAckEncoder.TEMPLATE_ID, 32, InvalidateAckEncoder.BLOCK_LENGTH, 0, NO_BOOLEAN);
        copied(RootGetOrCreateEncoder.TEMPLATE_ID, 16, RootGetOrCreateEncoder.BLOCK_LENGTH, 1, NO_BOOLEAN);
        copied(NodeRegisterEncoder.TEMPLATE_ID, 16, NodeRegisterEncoder.BLOCK_LENGTH, 2, NO_BOOLEAN);
        copied(DisconnectEncoder.TEMPLATE_ID, 16, DisconnectEncoder.BLOCK_LENGTH, 0, NO_BOOLEAN);
        copied(LockWaitEncoder.TEMPLATE_ID, 40, LockWaitEncoder.BLOCK_LENGTH, 0, NO_BOOLEAN);
        copied(LockNotifyEncoder.TEMPLATE_ID, 36, LockNotifyEncoder.BLOCK_LENGTH, 0, NO_BOOLEAN);
        copied(ConnectedEncoder.TEMPLATE_ID, 25, ConnectedEncoder.BLOCK_LENGTH, 0, 24);
        copied(KeepaliveAckEncoder.TEMPLATE_ID, 16, KeepaliveAckEncoder.BLOCK_LENGTH, 0, NO_BOOLEAN);
        copied(LockGrantedEncoder.TEMPLATE_ID, 28, LockGrantedEncoder.BLOCK_LENGTH, 0, NO_BOOLEAN);
        copied(LockTimeoutEncoder.TEMPLATE_ID, 16, LockTimeoutEncoder.BLOCK_LENGTH, 0, NO_BOOLEAN);
        copied(LockReleasedEncoder.TEMPLATE_ID, 20, LockReleasedEncoder.BLOCK_LENGTH, 0, NO_BOOLEAN);
        copied(WriteAckEncoder.TEMPLATE_ID, 16, WriteAckEncoder.BLOCK_LENGTH, 0, NO_BOOLEAN);
        copied(IdRangeEncoder.TEMPLATE_ID, 20, IdRangeEncoder.BLOCK_LENGTH, 0, NO_BOOLEAN);
        copied(RootEncoder.TEMPLATE_ID, 17, RootEncoder.BLOCK_LENGTH, 0, 16);
        copied(NodeRegisteredEncoder.TEMPLATE_ID, 24, NodeRegisteredEncoder.BLOCK_LENGTH, 0, NO_BOOLEAN);
        copied(ErrorEncoder.TEMPLATE_ID, ERROR_BLOCK_LENGTH, ErrorEncoder.BLOCK_LENGTH, 1, NO_BOOLEAN);
        copied(DisconnectedEncoder.TEMPLATE_ID, 16, DisconnectedEncoder.BLOCK_LENGTH, 0, NO_BOOLEAN);
        copied(LockNotifiedEncoder.TEMPLATE_ID, 20, LockNotifiedEncoder.BLOCK_LENGTH, 0, NO_BOOLEAN);
        copied(InvalidateEncoder.TEMPLATE_ID, 16, InvalidateEncoder.BLOCK_LENGTH, 0, NO_BOOLEAN);
    }

    private static final ThreadLocal<Translator> TRANSLATOR = ThreadLocal.withInitial(Translator::new);

    private LegacyWire()
    {
    }

    /**
     * Translates one message of wire version 1, of any template (requests 1..16, responses 101..116, pushes 201 and
     * 202), into the equivalent message of this schema (the current {@link Wire#VERSION}), written at
     * {@code dstOffset} with the generated encoders. Fixed fields keep their values; a slot value becomes its
     * {@code tag}, its {@code bits} (the long of LONG and REF, else 0) and its var data {@code bytes} (the payload of
     * BYTES, else empty); counted arrays become repeating groups; booleans are written as 0 or 1 (version 1 read any
     * non-zero byte as true).
     * <p>
     * {@code dst} must be able to hold the result: an {@link org.agrona.ExpandableArrayBuffer} grows as needed, a
     * fixed buffer must have room for it, else this throws {@link IndexOutOfBoundsException}. A translated message is
     * as long as the original, except that each slot value grows by at most 12 bytes (a NULL value: 1 byte in version
     * 1, 13 here; LONG, REF and BYTES grow by 4, 4 and 8) and each object of an OBJECT_GRAPH by 2; so
     * {@code 13 * length} bytes are always enough. When this returns -1, what it wrote into {@code dst} is undefined.
     *
     * @param src       holds the message; nothing outside {@code [offset, offset + length)} is read.
     * @param offset    where the message (its header) starts.
     * @param length    the message's length, header included.
     * @param dst       receives the translated message.
     * @param dstOffset where the translated message (its header) goes.
     * @return the translated message's length, header included; or -1 when the message is not one of version 1
     * (see {@link Wire#isLegacy}), is malformed by version 1's rules (a fixed block or variable field that does not
     * fit exactly, a negative or oversized count or length, an unknown value tag, trailing bytes), has a count this
     * schema cannot carry (over 65,534 group entries or 65,536 slots), or has an unknown template.
     */
    public static int translate(
        final DirectBuffer src, final int offset, final int length, final MutableDirectBuffer dst, final int dstOffset)
    {
        if (!Wire.isLegacy(src, offset, length))
        {
            return -1;
        }
        final int templateId = src.getShort(offset, LITTLE_ENDIAN) & 0xFFFF;
        final Translator translator = TRANSLATOR.get();
        translator.src = src;
        translator.body = offset + HEADER;
        translator.end = offset + length;
        try
        {
            if (templateId <= MAX_TEMPLATE_ID && COPY_BLOCK[templateId] > 0)
            {
                return translator.copy(templateId, dst, dstOffset);
            }
            switch (templateId)
            {
                case WriteBatchEncoder.TEMPLATE_ID:
                    return translator.writeBatch(dst, dstOffset);

                case CasEncoder.TEMPLATE_ID:
                    return translator.cas(dst, dstOffset);

                case ReadGraphEncoder.TEMPLATE_ID:
                    return translator.readGraph(dst, dstOffset);

                case ValueMessageEncoder.TEMPLATE_ID:
                    return translator.value(dst, dstOffset);

                case ObjectValuesEncoder.TEMPLATE_ID:
                    return translator.objectValues(dst, dstOffset);

                case CasResultEncoder.TEMPLATE_ID:
                    return translator.casResult(dst, dstOffset);

                case ObjectGraphEncoder.TEMPLATE_ID:
                    return translator.objectGraph(dst, dstOffset);

                case MembershipEncoder.TEMPLATE_ID:
                    return translator.membership(dst, dstOffset);

                default:
                    return -1;
            }
        }
        finally
        {
            translator.src = null;
        }
    }

    /**
     * The requestId of a version 1 request (i64 at body offset 8, after the clientId), as version 1 echoed it in an
     * ERROR: read whenever the message is long enough to hold one, whether or not it is well formed.
     *
     * @param src    holds the message; nothing outside {@code [offset, offset + length)} is read.
     * @param offset where the message (its header) starts.
     * @param length the message's length, header included.
     * @return the requestId, or 0 when the message is shorter than a header, a clientId and a requestId.
     */
    public static long requestId(final DirectBuffer src, final int offset, final int length)
    {
        return length >= REQUEST_ID_OFFSET + 8 ? src.getLong(offset + REQUEST_ID_OFFSET, LITTLE_ENDIAN) : 0;
    }

    /**
     * Writes a version 1 ERROR (template 113: requestId i64, code i32, message as i32 length + UTF-8 bytes), which a
     * client speaking version 1 can read: the cluster answers such a client with it to say why it is refused. A
     * message longer than 65,536 bytes of UTF-8 is cut at the last whole character that fits; unpaired surrogates
     * are written as {@code ?}, as version 1 did.
     *
     * @param dst       receives the message; it must have room for it ({@code 24 +} the message's UTF-8 length).
     * @param offset    where the message (its header) goes.
     * @param requestId the request answered, 0 when it is unknown.
     * @param code      why it failed, an error code of the protocol (e.g. UNSUPPORTED_VERSION 3).
     * @param message   what failed, for people; null is written as empty.
     * @return the length of the ERROR written, header included.
     */
    public static int encodeError(
        final MutableDirectBuffer dst, final int offset, final long requestId, final int code, final String message)
    {
        final byte[] text = null == message ? new byte[0] : message.getBytes(StandardCharsets.UTF_8);
        int textLength = Math.min(text.length, Wire.MAX_VAR_LENGTH);
        while (textLength < text.length && (text[textLength] & 0xC0) == 0x80)
        {
            textLength--;
        }
        final int bodyLength = ERROR_BLOCK_LENGTH + VAR_PREFIX + textLength;
        dst.putShort(offset, (short)ERROR_TEMPLATE_ID, LITTLE_ENDIAN);
        dst.putShort(offset + 2, (short)Wire.LEGACY_VERSION, LITTLE_ENDIAN);
        dst.putInt(offset + 4, bodyLength, LITTLE_ENDIAN);
        dst.putLong(offset + HEADER, requestId, LITTLE_ENDIAN);
        dst.putInt(offset + HEADER + 8, code, LITTLE_ENDIAN);
        dst.putInt(offset + HEADER + ERROR_BLOCK_LENGTH, textLength, LITTLE_ENDIAN);
        dst.putBytes(offset + HEADER + ERROR_BLOCK_LENGTH + VAR_PREFIX, text, 0, textLength);
        return HEADER + bodyLength;
    }

    private static void copied(
        final int templateId, final int legacyBlock, final int blockLength, final int utf8Fields, final int booleanAt)
    {
        if (legacyBlock != blockLength)
        {
            throw new IllegalStateException("the block of template " + templateId + " is no longer version 1's (" +
                legacyBlock + " bytes): translate it field by field");
        }
        COPY_BLOCK[templateId] = legacyBlock;
        COPY_UTF8_FIELDS[templateId] = utf8Fields;
        COPY_BOOLEAN_AT[templateId] = booleanAt;
    }

    /**
     * A slot value of version 1, checked: its tag, bits and where its bytes are.
     */
    private static final class Value
    {
        ValueTag tag;
        long bits;
        int bytesOffset;
        int bytesLength;
    }

    /**
     * One thread's flyweights and the message it reads: {@code cursor} walks from {@code body} to {@code end}, and
     * every read is checked against {@code end} first.
     */
    private static final class Translator
    {
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final WriteBatchEncoder writeBatch = new WriteBatchEncoder();
        final CasEncoder cas = new CasEncoder();
        final ReadGraphEncoder readGraph = new ReadGraphEncoder();
        final ValueMessageEncoder value = new ValueMessageEncoder();
        final ObjectValuesEncoder objectValues = new ObjectValuesEncoder();
        final CasResultEncoder casResult = new CasResultEncoder();
        final ObjectGraphEncoder objectGraph = new ObjectGraphEncoder();
        final MembershipEncoder membership = new MembershipEncoder();
        final Value first = new Value();
        final Value second = new Value();
        DirectBuffer src;
        int body;
        int end;
        int cursor;
        int utf8Offset;
        int utf8Length;

        int copy(final int templateId, final MutableDirectBuffer dst, final int dstOffset)
        {
            if (!block(COPY_BLOCK[templateId]))
            {
                return -1;
            }
            for (int i = 0; i < COPY_UTF8_FIELDS[templateId]; i++)
            {
                if (!utf8())
                {
                    return -1;
                }
            }
            if (cursor != end)
            {
                return -1;
            }
            header.wrap(dst, dstOffset)
                .blockLength(COPY_BLOCK[templateId])
                .templateId(templateId)
                .schemaId(MessageHeaderEncoder.SCHEMA_ID)
                .version(MessageHeaderEncoder.SCHEMA_VERSION);
            dst.putBytes(dstOffset + HEADER, src, body, end - body);
            final int booleanAt = COPY_BOOLEAN_AT[templateId];
            if (booleanAt != NO_BOOLEAN)
            {
                dst.putByte(dstOffset + HEADER + booleanAt, (byte)bool(booleanAt).value());
            }
            return HEADER + end - body;
        }

        int writeBatch(final MutableDirectBuffer dst, final int dstOffset)
        {
            final int count;
            if (!block(36) ||
                (count = count(32, 8 + 4 + 1, WriteBatchEncoder.EntriesEncoder.countMaxValue())) < 0)
            {
                return -1;
            }
            writeBatch.wrapAndApplyHeader(dst, dstOffset, header)
                .clientId(i64(0))
                .requestId(i64(8))
                .lockId(i64(16))
                .fencingToken(i64(24))
                .own(BooleanType.FALSE);
            final WriteBatchEncoder.EntriesEncoder entries = writeBatch.entriesCount(count);
            for (int i = 0; i < count; i++)
            {
                if (end - cursor < 8 + 4)
                {
                    return -1;
                }
                final long objectId = src.getLong(cursor, LITTLE_ENDIAN);
                final int slot = src.getInt(cursor + 8, LITTLE_ENDIAN);
                cursor += 8 + 4;
                if (!value(first))
                {
                    return -1;
                }
                entries.next().objectId(objectId).slot(slot).tag(first.tag).bits(first.bits)
                    .putBytes(src, first.bytesOffset, first.bytesLength);
            }
            writeBatch.releasedCount(0);
            writeBatch.expectedCount(0);
            return cursor == end ? Wire.length(writeBatch) : -1;
        }

        int cas(final MutableDirectBuffer dst, final int dstOffset)
        {
            if (!block(44) || !value(first) || !value(second) || cursor != end)
            {
                return -1;
            }
            cas.wrapAndApplyHeader(dst, dstOffset, header)
                .clientId(i64(0))
                .requestId(i64(8))
                .objectId(i64(16))
                .lockId(i64(24))
                .fencingToken(i64(32))
                .slot(i32(40))
                .expectedTag(first.tag)
                .expectedBits(first.bits)
                .updateTag(second.tag)
                .updateBits(second.bits)
                .putExpectedBytes(src, first.bytesOffset, first.bytesLength)
                .putUpdateBytes(src, second.bytesOffset, second.bytesLength);
            return Wire.length(cas);
        }

        int readGraph(final MutableDirectBuffer dst, final int dstOffset)
        {
            final int count;
            // Version 1 required at least one start object, and exactly idCount of them.
            if (!block(32) || (count = count(28, 8, ReadGraphEncoder.StartsEncoder.countMaxValue())) <= 0 ||
                end - cursor != 8 * count)
            {
                return -1;
            }
            readGraph.wrapAndApplyHeader(dst, dstOffset, header)
                .clientId(i64(0))
                .requestId(i64(8))
                .leaseMs(i64(16))
                .maxBytes(i32(24));
            final ReadGraphEncoder.StartsEncoder starts = readGraph.startsCount(count);
            for (int i = 0; i < count; i++)
            {
                starts.next().objectId(src.getLong(cursor, LITTLE_ENDIAN));
                cursor += 8;
            }
            return Wire.length(readGraph);
        }

        int value(final MutableDirectBuffer dst, final int dstOffset)
        {
            if (!block(36) || !value(first) || cursor != end)
            {
                return -1;
            }
            value.wrapAndApplyHeader(dst, dstOffset, header)
                .requestId(i64(0))
                .objectId(i64(8))
                .version(i64(16))
                .readLeaseExpiresAtMs(i64(24))
                .slot(i32(32))
                .tag(first.tag)
                .bits(first.bits)
                .putBytes(src, first.bytesOffset, first.bytesLength);
            return Wire.length(value);
        }

        int objectValues(final MutableDirectBuffer dst, final int dstOffset)
        {
            final int count;
            if (!block(36) || (count = count(32, 1, ObjectValuesEncoder.SlotsEncoder.countMaxValue())) < 0)
            {
                return -1;
            }
            objectValues.wrapAndApplyHeader(dst, dstOffset, header)
                .requestId(i64(0))
                .objectId(i64(8))
                .version(i64(16))
                .readLeaseExpiresAtMs(i64(24));
            final ObjectValuesEncoder.SlotsEncoder slots = objectValues.slotsCount(count);
            for (int i = 0; i < count; i++)
            {
                if (!value(first))
                {
                    return -1;
                }
                slots.next().tag(first.tag).bits(first.bits).putBytes(src, first.bytesOffset, first.bytesLength);
            }
            return cursor == end ? Wire.length(objectValues) : -1;
        }

        int casResult(final MutableDirectBuffer dst, final int dstOffset)
        {
            if (!block(17) || !value(first) || cursor != end)
            {
                return -1;
            }
            casResult.wrapAndApplyHeader(dst, dstOffset, header)
                .requestId(i64(0))
                .version(i64(8))
                .success(bool(16))
                .currentTag(first.tag)
                .currentBits(first.bits)
                .putCurrentBytes(src, first.bytesOffset, first.bytesLength);
            return Wire.length(casResult);
        }

        int objectGraph(final MutableDirectBuffer dst, final int dstOffset)
        {
            final int count;
            if (!block(12) ||
                (count = count(8, 3 * 8 + 4, ObjectGraphEncoder.ObjectsEncoder.countMaxValue())) < 0)
            {
                return -1;
            }
            objectGraph.wrapAndApplyHeader(dst, dstOffset, header).requestId(i64(0));
            final ObjectGraphEncoder.ObjectsEncoder objects = objectGraph.objectsCount(count);
            for (int i = 0; i < count; i++)
            {
                if (end - cursor < 3 * 8 + 4)
                {
                    return -1;
                }
                final int slotCount = src.getInt(cursor + 3 * 8, LITTLE_ENDIAN);
                if (slotCount < 0 || slotCount > ObjectGraphEncoder.ObjectsEncoder.SlotsEncoder.countMaxValue() ||
                    slotCount > end - cursor - (3 * 8 + 4))
                {
                    return -1;
                }
                objects.next()
                    .objectId(src.getLong(cursor, LITTLE_ENDIAN))
                    .version(src.getLong(cursor + 8, LITTLE_ENDIAN))
                    .readLeaseExpiresAtMs(src.getLong(cursor + 16, LITTLE_ENDIAN));
                cursor += 3 * 8 + 4;
                final ObjectGraphEncoder.ObjectsEncoder.SlotsEncoder slots = objects.slotsCount(slotCount);
                for (int s = 0; s < slotCount; s++)
                {
                    if (!value(first))
                    {
                        return -1;
                    }
                    slots.next().tag(first.tag).bits(first.bits).putBytes(src, first.bytesOffset, first.bytesLength);
                }
            }
            return cursor == end ? Wire.length(objectGraph) : -1;
        }

        int membership(final MutableDirectBuffer dst, final int dstOffset)
        {
            final int shardCount;
            final int nodeCount;
            if (!block(16) || (shardCount = count(8, 8, MembershipEncoder.ShardsEncoder.countMaxValue())) < 0)
            {
                return -1;
            }
            final int shardsAt = cursor;
            cursor += 8 * shardCount;
            // Each node is at least its id and two empty texts.
            if ((nodeCount = count(12, 8 + 2 * VAR_PREFIX, MembershipEncoder.NodesEncoder.countMaxValue())) < 0)
            {
                return -1;
            }
            membership.wrapAndApplyHeader(dst, dstOffset, header).epoch(i64(0));
            final MembershipEncoder.ShardsEncoder shards = membership.shardsCount(shardCount);
            for (int i = 0; i < shardCount; i++)
            {
                shards.next().ownerNodeId(src.getLong(shardsAt + 8 * i, LITTLE_ENDIAN));
            }
            final MembershipEncoder.NodesEncoder nodes = membership.nodesCount(nodeCount);
            for (int i = 0; i < nodeCount; i++)
            {
                if (end - cursor < 8)
                {
                    return -1;
                }
                final long nodeId = src.getLong(cursor, LITTLE_ENDIAN);
                cursor += 8;
                if (!utf8())
                {
                    return -1;
                }
                final int nameOffset = utf8Offset;
                final int nameLength = utf8Length;
                if (!utf8())
                {
                    return -1;
                }
                nodes.next().nodeId(nodeId)
                    .putNodeName(src, nameOffset, nameLength)
                    .putDataEndpoint(src, utf8Offset, utf8Length);
            }
            return cursor == end ? Wire.length(membership) : -1;
        }

        /**
         * Checks that the fixed block fits and puts the cursor after it.
         */
        boolean block(final int blockLength)
        {
            cursor = body + blockLength;
            return end - body >= blockLength;
        }

        /**
         * Reads a count of the fixed block and checks it: not negative, at most {@code max}, and no more entries
         * than the rest of the message could hold at {@code minEntryLength} bytes each; -1 when it fails.
         */
        int count(final int at, final int minEntryLength, final long max)
        {
            final int count = i32(at);
            return count < 0 || count > max || count > (end - cursor) / minEntryLength ? -1 : count;
        }

        /**
         * Reads a text or bytes field at the cursor into {@code utf8Offset, utf8Length} and steps over it.
         */
        boolean utf8()
        {
            if (end - cursor < VAR_PREFIX)
            {
                return false;
            }
            final int length = src.getInt(cursor, LITTLE_ENDIAN);
            if (length < 0 || length > Wire.MAX_VAR_LENGTH || length > end - cursor - VAR_PREFIX)
            {
                return false;
            }
            utf8Offset = cursor + VAR_PREFIX;
            utf8Length = length;
            cursor = utf8Offset + length;
            return true;
        }

        /**
         * Reads a slot value at the cursor into {@code into} and steps over it.
         */
        boolean value(final Value into)
        {
            if (end - cursor < 1)
            {
                return false;
            }
            final int tag = src.getByte(cursor);
            into.bits = 0;
            into.bytesOffset = cursor;
            into.bytesLength = 0;
            if (tag == TAG_NULL)
            {
                cursor += 1;
            }
            else if (tag == TAG_LONG || tag == TAG_REF)
            {
                if (end - cursor < LONG_VALUE_LENGTH)
                {
                    return false;
                }
                into.bits = src.getLong(cursor + 1, LITTLE_ENDIAN);
                cursor += LONG_VALUE_LENGTH;
            }
            else if (tag == TAG_BYTES)
            {
                cursor += 1;
                if (!utf8())
                {
                    return false;
                }
                into.bytesOffset = utf8Offset;
                into.bytesLength = utf8Length;
            }
            else
            {
                return false;
            }
            into.tag = ValueTag.get((short)tag);
            return true;
        }

        long i64(final int at)
        {
            return src.getLong(body + at, LITTLE_ENDIAN);
        }

        int i32(final int at)
        {
            return src.getInt(body + at, LITTLE_ENDIAN);
        }

        BooleanType bool(final int at)
        {
            return 0 != src.getByte(body + at) ? BooleanType.TRUE : BooleanType.FALSE;
        }
    }
}
