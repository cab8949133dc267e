/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The fixed 32-byte header every data-plane message starts with, and the check a receiver runs before it trusts a
 * message. Layout (little-endian), described for readers of the wire in {@code rdma-transport/PROTOCOL.md}:
 * <pre>
 *  0  int   magic and version  'M' 'F' 'D' 1
 *  4  byte  type               {@link #STATE}, {@link #DIRECT}, {@link #PAGE_READ}, ...
 *  5  byte  flags              0
 *  6  short reserved           0
 *  8  int   frame length       header + body, bytes; must equal what arrived
 * 12  int   source node
 * 16  long  correlation        message sequence or transfer id
 * 24  int   aux                page offset of a chunk, or 0
 * 28  int   crc32c             of the whole frame with this field as 0; of the header only for page chunks,
 *                              whose bytes the page's own checksum covers
 * </pre>
 * A frame that fails any check is counted by reason and dropped: it never reaches a listener or a page.
 */
final class Frame
{
    static final int MAGIC = 0x01_44_46_4D;
    static final int HEADER_LENGTH = 32;

    static final int MAGIC_OFFSET = 0;
    static final int TYPE_OFFSET = 4;
    static final int FLAGS_OFFSET = 5;
    static final int LENGTH_OFFSET = 8;
    static final int SOURCE_OFFSET = 12;
    static final int CORRELATION_OFFSET = 16;
    static final int AUX_OFFSET = 24;
    static final int CRC_OFFSET = 28;

    /** A causal broadcast: body = encoded vector clock stamp, then the payload. */
    static final byte STATE = 1;
    /** A per-peer ordered message: body = payload. */
    static final byte DIRECT = 2;
    /** A page read request: body = key, length, checksum. Correlation = transfer id. */
    static final byte PAGE_READ = 3;
    /** Bytes of a page: aux = offset in the page, body = the bytes. Correlation = transfer id. */
    static final byte PAGE_CHUNK = 4;
    /** A failed transfer: body = error code (int), then a UTF-8 reason. Correlation = transfer id. */
    static final byte PAGE_ERROR = 5;
    /** A page write (push) announcement: body = key, length, checksum; its chunks follow. */
    static final byte PAGE_WRITE = 6;
    /** A page write stored and checked by the receiver. Correlation = transfer id. */
    static final byte PAGE_WRITE_ACK = 7;

    static final int PAGE_REQUEST_BODY_LENGTH = PageKey.LENGTH + 4 + 4;

    /** Result of {@link #check}: the frame is sound. */
    static final int OK = 0;
    static final int BAD_MAGIC = 1;
    static final int BAD_LENGTH = 2;
    static final int BAD_CHECKSUM = 3;
    static final int BAD_TYPE = 4;

    private Frame()
    {
    }

    static void writeHeader(
        final MutableDirectBuffer buffer,
        final int offset,
        final byte type,
        final int frameLength,
        final int source,
        final long correlation,
        final int aux)
    {
        buffer.putInt(offset + MAGIC_OFFSET, MAGIC, ByteOrder.LITTLE_ENDIAN);
        buffer.putByte(offset + TYPE_OFFSET, type);
        buffer.putByte(offset + FLAGS_OFFSET, (byte)0);
        buffer.putShort(offset + 6, (short)0, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(offset + LENGTH_OFFSET, frameLength, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(offset + SOURCE_OFFSET, source, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(offset + CORRELATION_OFFSET, correlation, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(offset + AUX_OFFSET, aux, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(offset + CRC_OFFSET, 0, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Computes and stores the checksum of a frame whose header and body are written.
     */
    static void seal(final MutableDirectBuffer buffer, final int offset, final CRC32C crc)
    {
        final byte type = buffer.getByte(offset + TYPE_OFFSET);
        final int covered = PAGE_CHUNK == type ? HEADER_LENGTH : buffer.getInt(offset + LENGTH_OFFSET,
            ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(offset + CRC_OFFSET, 0, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(offset + CRC_OFFSET, checksum(buffer, offset, covered, crc), ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Checks a frame as it arrived.
     *
     * @return {@link #OK} or the reason it is rejected.
     */
    static int check(final DirectBuffer buffer, final int offset, final int length, final CRC32C crc)
    {
        if (length < HEADER_LENGTH || MAGIC != buffer.getInt(offset + MAGIC_OFFSET, ByteOrder.LITTLE_ENDIAN))
        {
            return length < HEADER_LENGTH ? BAD_LENGTH : BAD_MAGIC;
        }
        if (buffer.getInt(offset + LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN) != length)
        {
            return BAD_LENGTH;
        }
        final byte type = buffer.getByte(offset + TYPE_OFFSET);
        if (type < STATE || type > PAGE_WRITE_ACK)
        {
            return BAD_TYPE;
        }
        final int covered = PAGE_CHUNK == type ? HEADER_LENGTH : length;
        final int stored = buffer.getInt(offset + CRC_OFFSET, ByteOrder.LITTLE_ENDIAN);
        return stored == checksumWithZeroedField(buffer, offset, covered, crc) ? OK : BAD_CHECKSUM;
    }

    static byte type(final DirectBuffer buffer, final int offset)
    {
        return buffer.getByte(offset + TYPE_OFFSET);
    }

    static int source(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + SOURCE_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    static long correlation(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + CORRELATION_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    static int aux(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + AUX_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * CRC32C of {@code length} bytes of a buffer, through its ByteBuffer view when it has one (the intrinsic works on
     * direct memory) and through a byte array otherwise.
     */
    static int checksum(final DirectBuffer buffer, final int offset, final int length, final CRC32C crc)
    {
        crc.reset();
        update(crc, buffer, offset, length);
        return (int)crc.getValue();
    }

    static void update(final CRC32C crc, final DirectBuffer buffer, final int offset, final int length)
    {
        final ByteBuffer view = buffer.byteBuffer();
        if (null != view)
        {
            final int start = buffer.wrapAdjustment() + offset;
            crc.update(view.duplicate().limit(start + length).position(start));
        }
        else if (null != buffer.byteArray())
        {
            crc.update(buffer.byteArray(), buffer.wrapAdjustment() + offset, length);
        }
        else
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            crc.update(copy, 0, length);
        }
    }

    private static int checksumWithZeroedField(
        final DirectBuffer buffer, final int offset, final int covered, final CRC32C crc)
    {
        crc.reset();
        update(crc, buffer, offset, CRC_OFFSET);
        crc.update(0);
        crc.update(0);
        crc.update(0);
        crc.update(0);
        update(crc, buffer, offset + HEADER_LENGTH, covered - HEADER_LENGTH);
        return (int)crc.getValue();
    }
}
