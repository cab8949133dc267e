/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.protocol.AllocateIdsDecoder;
import io.memfabric.consensus.protocol.BooleanType;
import io.memfabric.consensus.protocol.CasDecoder;
import io.memfabric.consensus.protocol.ConnectDecoder;
import io.memfabric.consensus.protocol.DisconnectDecoder;
import io.memfabric.consensus.protocol.ErrorCode;
import io.memfabric.consensus.protocol.InvalidateAckDecoder;
import io.memfabric.consensus.protocol.KeepaliveDecoder;
import io.memfabric.consensus.protocol.LockAcquireDecoder;
import io.memfabric.consensus.protocol.LockNotifyDecoder;
import io.memfabric.consensus.protocol.LockReleaseDecoder;
import io.memfabric.consensus.protocol.LockWaitDecoder;
import io.memfabric.consensus.protocol.MessageHeaderDecoder;
import io.memfabric.consensus.protocol.NodeRegisterDecoder;
import io.memfabric.consensus.protocol.NotifyMode;
import io.memfabric.consensus.protocol.ObjectReadAllDecoder;
import io.memfabric.consensus.protocol.ObjectReadDecoder;
import io.memfabric.consensus.protocol.ReadGraphDecoder;
import io.memfabric.consensus.protocol.RootGetOrCreateDecoder;
import io.memfabric.consensus.protocol.ValueTag;
import io.memfabric.consensus.protocol.WriteBatchDecoder;
import io.memfabric.consensus.wire.LegacyWire;
import io.memfabric.consensus.wire.Wire;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The state machine's way in: checks that a request is well formed and wraps the decoder for it, so the domain code
 * reads fields and nothing else.
 * <p>
 * Generated decoders trust the message to fit its buffer; this class does not. Before any read it checks that what is
 * read lies inside the message: the header, the fixed block (whose length must be the template's), each group's
 * header and elements (whose block length must be the element's), each var-data length prefix and its bytes (at most
 * 64 KiB), and that nothing is left over. It then checks the fields' ranges and enum values. A message of the retired
 * wire version 1 is translated first ({@link LegacyWire}) when the log was written in that version's time, and
 * refused otherwise.
 */
final class RequestAdapter
{
    /**
     * {@link #decode} found the message malformed: {@link #errorCode()} and {@link #reason()} say why.
     */
    static final int REJECTED = -1;

    // A WRITE_BATCH of wire versions 2 and 3 had no own field: its block ended where own begins.
    private static final int WRITE_BATCH_V3_BLOCK_LENGTH = WriteBatchDecoder.ownEncodingOffset();

    /**
     * {@link #decode} found a wire-version-1 message while version 1 is no longer accepted.
     */
    static final int LEGACY_REFUSED = -2;

    private static final int REQUEST_ID_OFFSET = Wire.HEADER_LENGTH + 8;
    private static final int VAR_HEADER_LENGTH = 4;

    final ConnectDecoder connect = new ConnectDecoder();
    final KeepaliveDecoder keepalive = new KeepaliveDecoder();
    final DisconnectDecoder disconnect = new DisconnectDecoder();
    final LockAcquireDecoder lockAcquire = new LockAcquireDecoder();
    final LockReleaseDecoder lockRelease = new LockReleaseDecoder();
    final LockWaitDecoder lockWait = new LockWaitDecoder();
    final LockNotifyDecoder lockNotify = new LockNotifyDecoder();
    final ObjectReadDecoder objectRead = new ObjectReadDecoder();
    final ObjectReadAllDecoder objectReadAll = new ObjectReadAllDecoder();
    final ReadGraphDecoder readGraph = new ReadGraphDecoder();
    final WriteBatchDecoder writeBatch = new WriteBatchDecoder();
    final CasDecoder cas = new CasDecoder();
    final AllocateIdsDecoder allocateIds = new AllocateIdsDecoder();
    final InvalidateAckDecoder invalidateAck = new InvalidateAckDecoder();
    final RootGetOrCreateDecoder root = new RootGetOrCreateDecoder();
    final NodeRegisterDecoder nodeRegister = new NodeRegisterDecoder();

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ExpandableArrayBuffer translated = new ExpandableArrayBuffer(256);

    private DirectBuffer buffer;
    private int offset;
    private int length;
    private int end;
    private int templateId;
    private long requestId;
    private long clientId;
    private ErrorCode errorCode;
    private String reason;

    /**
     * Checks a message and wraps its decoder.
     *
     * @param buffer       holds the message.
     * @param offset       where it starts.
     * @param length       its length.
     * @param acceptLegacy whether a wire-version-1 message is translated (its time's log) or refused.
     * @return its template id, {@link #REJECTED} or {@link #LEGACY_REFUSED}.
     */
    int decode(final DirectBuffer buffer, final int offset, final int length, final boolean acceptLegacy)
    {
        this.errorCode = null;
        this.reason = null;
        this.requestId = length >= REQUEST_ID_OFFSET + 8 ? buffer.getLong(offset + REQUEST_ID_OFFSET, LITTLE_ENDIAN) : 0;
        this.clientId = 0;
        if (length < Wire.HEADER_LENGTH)
        {
            return reject(ErrorCode.MALFORMED, "shorter than a header");
        }
        if (Wire.isLegacy(buffer, offset, length))
        {
            requestId = LegacyWire.requestId(buffer, offset, length);
            if (!acceptLegacy)
            {
                return LEGACY_REFUSED;
            }
            final int translatedLength = LegacyWire.translate(buffer, offset, length, translated, 0);
            if (translatedLength < 0)
            {
                return reject(ErrorCode.MALFORMED, "a malformed message of wire version " + Wire.LEGACY_VERSION);
            }
            return check(translated, 0, translatedLength);
        }
        return check(buffer, offset, length);
    }

    /**
     * @return the buffer of the message decoded (a translation of a version-1 message is in a buffer of this class's).
     */
    DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return where the message decoded starts in {@link #buffer()}.
     */
    int offset()
    {
        return offset;
    }

    /**
     * @return the length of the message decoded.
     */
    int length()
    {
        return length;
    }

    /**
     * @return the requestId of the message last given to {@link #decode}, when it is long enough to hold one, else 0.
     */
    long requestId()
    {
        return requestId;
    }

    /**
     * @return the clientId of the request decoded.
     */
    long clientId()
    {
        return clientId;
    }

    /**
     * @return why the last message was {@link #REJECTED}.
     */
    ErrorCode errorCode()
    {
        return errorCode;
    }

    /**
     * @return a description of what was wrong with the last message {@link #REJECTED}.
     */
    String reason()
    {
        return reason;
    }

    /**
     * Wraps the write-batch decoder again at the start of its message (after {@link #decode} walked it).
     *
     * @return the decoder.
     */
    WriteBatchDecoder rewindWriteBatch()
    {
        writeBatch.wrap(buffer, offset + Wire.HEADER_LENGTH, header.blockLength(), header.version());
        return writeBatch;
    }

    /**
     * Wraps the CAS decoder again at the start of its message.
     *
     * @return the decoder.
     */
    CasDecoder rewindCas()
    {
        cas.wrap(buffer, offset + Wire.HEADER_LENGTH, header.blockLength(), header.version());
        return cas;
    }

    /**
     * Wraps the graph-read decoder again at the start of its message.
     *
     * @return the decoder.
     */
    ReadGraphDecoder rewindReadGraph()
    {
        readGraph.wrap(buffer, offset + Wire.HEADER_LENGTH, header.blockLength(), header.version());
        return readGraph;
    }

    private int check(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.end = offset + length;
        if (!Wire.isCurrent(buffer, offset, length))
        {
            return reject(ErrorCode.MALFORMED, "not a message of the MemFabric consensus protocol (schema " +
                Wire.SCHEMA_ID + ")");
        }
        header.wrap(buffer, offset);
        if (header.version() > Wire.VERSION)
        {
            return reject(ErrorCode.UNSUPPORTED_VERSION, "the client speaks wire version " + header.version() +
                " and this cluster wire version " + Wire.VERSION + ": upgrade the cluster's members");
        }
        templateId = header.templateId();
        final int blockOffset = offset + Wire.HEADER_LENGTH;
        final int version = header.version();
        final boolean wellFormed;
        switch (templateId)
        {
            case ConnectDecoder.TEMPLATE_ID:
                wellFormed = fixed(ConnectDecoder.BLOCK_LENGTH) &&
                    connect.wrap(buffer, blockOffset, ConnectDecoder.BLOCK_LENGTH, version).limit() == end;
                clientId = wellFormed ? connect.clientId() : 0;
                break;

            case KeepaliveDecoder.TEMPLATE_ID:
                wellFormed = fixed(KeepaliveDecoder.BLOCK_LENGTH) &&
                    keepalive.wrap(buffer, blockOffset, KeepaliveDecoder.BLOCK_LENGTH, version).limit() == end;
                clientId = wellFormed ? keepalive.clientId() : 0;
                break;

            case DisconnectDecoder.TEMPLATE_ID:
                wellFormed = fixed(DisconnectDecoder.BLOCK_LENGTH) &&
                    disconnect.wrap(buffer, blockOffset, DisconnectDecoder.BLOCK_LENGTH, version).limit() == end;
                clientId = wellFormed ? disconnect.clientId() : 0;
                break;

            case LockAcquireDecoder.TEMPLATE_ID:
                wellFormed = fixed(LockAcquireDecoder.BLOCK_LENGTH) &&
                    lockAcquire.wrap(buffer, blockOffset, LockAcquireDecoder.BLOCK_LENGTH, version).limit() == end &&
                    lockAcquire.waitMs() >= -1;
                clientId = wellFormed ? lockAcquire.clientId() : 0;
                break;

            case LockReleaseDecoder.TEMPLATE_ID:
                wellFormed = fixed(LockReleaseDecoder.BLOCK_LENGTH) &&
                    lockRelease.wrap(buffer, blockOffset, LockReleaseDecoder.BLOCK_LENGTH, version).limit() == end;
                clientId = wellFormed ? lockRelease.clientId() : 0;
                break;

            case LockWaitDecoder.TEMPLATE_ID:
                wellFormed = fixed(LockWaitDecoder.BLOCK_LENGTH) &&
                    lockWait.wrap(buffer, blockOffset, LockWaitDecoder.BLOCK_LENGTH, version).limit() == end &&
                    lockWait.waitMs() >= 0;
                clientId = wellFormed ? lockWait.clientId() : 0;
                break;

            case LockNotifyDecoder.TEMPLATE_ID:
                wellFormed = fixed(LockNotifyDecoder.BLOCK_LENGTH) &&
                    lockNotify.wrap(buffer, blockOffset, LockNotifyDecoder.BLOCK_LENGTH, version).limit() == end &&
                    isNotifyMode(lockNotify.modeRaw());
                clientId = wellFormed ? lockNotify.clientId() : 0;
                break;

            case ObjectReadDecoder.TEMPLATE_ID:
                wellFormed = fixed(ObjectReadDecoder.BLOCK_LENGTH) &&
                    objectRead.wrap(buffer, blockOffset, ObjectReadDecoder.BLOCK_LENGTH, version).limit() == end &&
                    objectRead.slot() >= 0 && objectRead.leaseMs() >= 0;
                clientId = wellFormed ? objectRead.clientId() : 0;
                break;

            case ObjectReadAllDecoder.TEMPLATE_ID:
                wellFormed = fixed(ObjectReadAllDecoder.BLOCK_LENGTH) &&
                    objectReadAll.wrap(buffer, blockOffset, ObjectReadAllDecoder.BLOCK_LENGTH, version).limit() ==
                    end && objectReadAll.leaseMs() >= 0;
                clientId = wellFormed ? objectReadAll.clientId() : 0;
                break;

            case ReadGraphDecoder.TEMPLATE_ID:
                wellFormed = fixed(ReadGraphDecoder.BLOCK_LENGTH) && checkReadGraph(blockOffset, version);
                clientId = wellFormed ? readGraph.clientId() : 0;
                break;

            case WriteBatchDecoder.TEMPLATE_ID:
                wellFormed = fixed(version >= Wire.OWNERSHIP_VERSION ? WriteBatchDecoder.BLOCK_LENGTH :
                    WRITE_BATCH_V3_BLOCK_LENGTH) && checkWriteBatch(blockOffset, version);
                clientId = wellFormed ? writeBatch.clientId() : 0;
                break;

            case CasDecoder.TEMPLATE_ID:
                wellFormed = fixed(CasDecoder.BLOCK_LENGTH) && checkCas(blockOffset, version);
                clientId = wellFormed ? cas.clientId() : 0;
                break;

            case AllocateIdsDecoder.TEMPLATE_ID:
                wellFormed = fixed(AllocateIdsDecoder.BLOCK_LENGTH) &&
                    allocateIds.wrap(buffer, blockOffset, AllocateIdsDecoder.BLOCK_LENGTH, version).limit() == end &&
                    allocateIds.count() > 0;
                clientId = wellFormed ? allocateIds.clientId() : 0;
                break;

            case InvalidateAckDecoder.TEMPLATE_ID:
                wellFormed = fixed(InvalidateAckDecoder.BLOCK_LENGTH) &&
                    invalidateAck.wrap(buffer, blockOffset, InvalidateAckDecoder.BLOCK_LENGTH, version).limit() == end;
                clientId = wellFormed ? invalidateAck.clientId() : 0;
                break;

            case RootGetOrCreateDecoder.TEMPLATE_ID:
                wellFormed = fixed(RootGetOrCreateDecoder.BLOCK_LENGTH) && checkRoot(blockOffset, version);
                clientId = wellFormed ? root.clientId() : 0;
                break;

            case NodeRegisterDecoder.TEMPLATE_ID:
                wellFormed = fixed(NodeRegisterDecoder.BLOCK_LENGTH) && checkNodeRegister(blockOffset, version);
                clientId = wellFormed ? nodeRegister.clientId() : 0;
                break;

            default:
                return reject(ErrorCode.UNKNOWN_TEMPLATE, "unknown template " + templateId);
        }
        if (!wellFormed)
        {
            return reject(ErrorCode.MALFORMED, "layout or field out of range (template " + templateId + ")");
        }
        if (requestId <= 0)
        {
            return reject(ErrorCode.MALFORMED, "requestId must be positive");
        }
        return templateId;
    }

    private boolean checkReadGraph(final int blockOffset, final int version)
    {
        final ReadGraphDecoder decoder = readGraph.wrap(buffer, blockOffset, ReadGraphDecoder.BLOCK_LENGTH, version);
        if (decoder.leaseMs() < 0 || decoder.maxBytes() < 0 || !fits(decoder.limit(),
            ReadGraphDecoder.StartsDecoder.HEADER_SIZE))
        {
            return false;
        }
        final ReadGraphDecoder.StartsDecoder starts = decoder.starts();
        if (starts.count() == 0 || starts.actingBlockLength() != ReadGraphDecoder.StartsDecoder.sbeBlockLength() ||
            !fits(decoder.limit(), starts.count() * ReadGraphDecoder.StartsDecoder.sbeBlockLength()))
        {
            return false;
        }
        while (starts.hasNext())
        {
            starts.next();
        }
        return decoder.limit() == end;
    }

    private boolean checkWriteBatch(final int blockOffset, final int version)
    {
        final WriteBatchDecoder decoder = writeBatch.wrap(buffer, blockOffset, header.blockLength(), version);
        final boolean owning = version >= Wire.OWNERSHIP_VERSION;
        if ((owning && decoder.ownRaw() != BooleanType.FALSE.value() && decoder.ownRaw() != BooleanType.TRUE.value()) ||
            !fits(decoder.limit(), WriteBatchDecoder.EntriesDecoder.HEADER_SIZE))
        {
            return false;
        }
        final WriteBatchDecoder.EntriesDecoder entries = decoder.entries();
        final int blockLength = WriteBatchDecoder.EntriesDecoder.sbeBlockLength();
        if (entries.actingBlockLength() != blockLength)
        {
            return false;
        }
        while (entries.hasNext())
        {
            if (!fits(decoder.limit(), blockLength + VAR_HEADER_LENGTH))
            {
                return false;
            }
            entries.next();
            if (entries.slot() < 0 || entries.objectId() <= 0 || !isValue(entries.tagRaw(), entries.bits(),
                entries.bytesLength()) || !fits(decoder.limit() + VAR_HEADER_LENGTH, entries.bytesLength()))
            {
                return false;
            }
            entries.skipBytes();
        }
        if (owning)
        {
            if (!fits(decoder.limit(), WriteBatchDecoder.ReleasedDecoder.HEADER_SIZE))
            {
                return false;
            }
            final WriteBatchDecoder.ReleasedDecoder released = decoder.released();
            if (released.actingBlockLength() != WriteBatchDecoder.ReleasedDecoder.sbeBlockLength() ||
                !fits(decoder.limit(), released.count() * WriteBatchDecoder.ReleasedDecoder.sbeBlockLength()))
            {
                return false;
            }
            while (released.hasNext())
            {
                if (released.next().objectId() <= 0)
                {
                    return false;
                }
            }
        }
        if (version >= Wire.TRANSACTION_VERSION)
        {
            if (!fits(decoder.limit(), WriteBatchDecoder.ExpectedDecoder.HEADER_SIZE))
            {
                return false;
            }
            final WriteBatchDecoder.ExpectedDecoder expected = decoder.expected();
            if (expected.actingBlockLength() != WriteBatchDecoder.ExpectedDecoder.sbeBlockLength() ||
                !fits(decoder.limit(), expected.count() * WriteBatchDecoder.ExpectedDecoder.sbeBlockLength()))
            {
                return false;
            }
            while (expected.hasNext())
            {
                expected.next();
                if (expected.objectId() <= 0 || expected.version() < 0)
                {
                    return false;
                }
            }
        }
        return decoder.limit() == end;
    }

    private boolean checkCas(final int blockOffset, final int version)
    {
        final CasDecoder decoder = cas.wrap(buffer, blockOffset, CasDecoder.BLOCK_LENGTH, version);
        if (decoder.slot() < 0 || !fits(decoder.limit(), VAR_HEADER_LENGTH) ||
            !isValue(decoder.expectedTagRaw(), decoder.expectedBits(), decoder.expectedBytesLength()) ||
            !fits(decoder.limit() + VAR_HEADER_LENGTH, decoder.expectedBytesLength()))
        {
            return false;
        }
        decoder.skipExpectedBytes();
        if (!fits(decoder.limit(), VAR_HEADER_LENGTH) ||
            !isValue(decoder.updateTagRaw(), decoder.updateBits(), decoder.updateBytesLength()) ||
            !fits(decoder.limit() + VAR_HEADER_LENGTH, decoder.updateBytesLength()))
        {
            return false;
        }
        decoder.skipUpdateBytes();
        return decoder.limit() == end;
    }

    private boolean checkRoot(final int blockOffset, final int version)
    {
        final RootGetOrCreateDecoder decoder = root.wrap(
            buffer, blockOffset, RootGetOrCreateDecoder.BLOCK_LENGTH, version);
        if (!fits(decoder.limit(), VAR_HEADER_LENGTH))
        {
            return false;
        }
        final int uriLength = decoder.uriLength();
        if (uriLength <= 0 || uriLength > Wire.MAX_VAR_LENGTH || !fits(decoder.limit() + VAR_HEADER_LENGTH, uriLength))
        {
            return false;
        }
        decoder.skipUri();
        final boolean exact = decoder.limit() == end;
        root.wrap(buffer, blockOffset, RootGetOrCreateDecoder.BLOCK_LENGTH, version);
        return exact;
    }

    private boolean checkNodeRegister(final int blockOffset, final int version)
    {
        final NodeRegisterDecoder decoder = nodeRegister.wrap(
            buffer, blockOffset, NodeRegisterDecoder.BLOCK_LENGTH, version);
        if (!fits(decoder.limit(), VAR_HEADER_LENGTH) || !isText(decoder.nodeNameLength()) ||
            !fits(decoder.limit() + VAR_HEADER_LENGTH, decoder.nodeNameLength()))
        {
            return false;
        }
        decoder.skipNodeName();
        if (!fits(decoder.limit(), VAR_HEADER_LENGTH) || !isText(decoder.dataEndpointLength()) ||
            !fits(decoder.limit() + VAR_HEADER_LENGTH, decoder.dataEndpointLength()))
        {
            return false;
        }
        decoder.skipDataEndpoint();
        final boolean exact = decoder.limit() == end;
        nodeRegister.wrap(buffer, blockOffset, NodeRegisterDecoder.BLOCK_LENGTH, version);
        return exact;
    }

    // The header's block length is the template's, and the block fits.
    private boolean fixed(final int blockLength)
    {
        return header.blockLength() == blockLength && fits(offset + Wire.HEADER_LENGTH, blockLength);
    }

    private boolean fits(final int position, final int count)
    {
        return count >= 0 && position <= end && count <= end - position;
    }

    private static boolean isText(final int length)
    {
        return length >= 0 && length <= Wire.MAX_VAR_LENGTH;
    }

    // A value's three parts agree: bits only for LONG and REF, bytes only for BYTES, at most 64 KiB.
    private static boolean isValue(final short tagRaw, final long bits, final int bytesLength)
    {
        if (tagRaw == ValueTag.BYTES.value())
        {
            return bits == 0 && isText(bytesLength);
        }
        if (tagRaw == ValueTag.LONG.value() || tagRaw == ValueTag.REF.value())
        {
            return bytesLength == 0;
        }
        return tagRaw == ValueTag.NULL.value() && bits == 0 && bytesLength == 0;
    }

    private static boolean isNotifyMode(final int modeRaw)
    {
        return modeRaw == NotifyMode.ONE.value() || modeRaw == NotifyMode.ALL.value() ||
            modeRaw == NotifyMode.CANCEL_OWN.value();
    }

    private int reject(final ErrorCode code, final String why)
    {
        errorCode = code;
        reason = why;
        return REJECTED;
    }
}
