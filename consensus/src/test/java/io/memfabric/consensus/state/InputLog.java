/*
 * MemFabric consensus state machine tests.
 */
package io.memfabric.consensus.state;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The inputs a state machine was given, in order, as the cluster's log holds them: messages (with their session and
 * bytes), timer events and session closes, each with its cluster timestamp. Written to a file, it is a log of the
 * format of the day that later code must still replay (the upgrade fixture).
 */
final class InputLog
{
    static final byte MESSAGE = 1;
    static final byte TIMER = 2;
    static final byte CLOSE = 3;
    static final byte TERM = 4;

    private static final int MAGIC = 0x4D464C31; // "MFL1"

    /**
     * One input.
     *
     * @param kind      {@link #MESSAGE}, {@link #TIMER}, {@link #CLOSE} or {@link #TERM} (a new leadership term).
     * @param id        the session of a message or close, the correlation id of a timer, a term's app version.
     * @param timestamp cluster time, ms.
     * @param bytes     a message's bytes, else empty.
     */
    record Input(byte kind, long id, long timestamp, byte[] bytes)
    {
        void applyTo(final FabricStateMachine machine)
        {
            switch (kind)
            {
                case MESSAGE -> machine.onMessage(id, timestamp, new UnsafeBuffer(bytes), 0, bytes.length);
                case TIMER -> machine.onTimer(id, timestamp);
                case CLOSE -> machine.onSessionClose(id, timestamp);
                case TERM -> machine.onNewLeadershipTerm((int)id, timestamp);
                default -> throw new IllegalStateException("unknown input kind " + kind);
            }
        }
    }

    private final List<Input> inputs = new ArrayList<>();

    void add(final byte kind, final long id, final long timestamp, final DirectBuffer buffer, final int length)
    {
        final byte[] bytes = new byte[buffer == null ? 0 : length];
        if (buffer != null)
        {
            buffer.getBytes(0, bytes);
        }
        inputs.add(new Input(kind, id, timestamp, bytes));
    }

    List<Input> inputs()
    {
        return inputs;
    }

    void write(final OutputStream out) throws IOException
    {
        final DataOutputStream data = new DataOutputStream(out);
        data.writeInt(MAGIC);
        data.writeInt(inputs.size());
        for (final Input input : inputs)
        {
            data.writeByte(input.kind());
            data.writeLong(input.id());
            data.writeLong(input.timestamp());
            data.writeInt(input.bytes().length);
            data.write(input.bytes());
        }
        data.flush();
    }

    static InputLog read(final InputStream in) throws IOException
    {
        final DataInputStream data = new DataInputStream(in);
        if (data.readInt() != MAGIC)
        {
            throw new IOException("not an input log");
        }
        final InputLog log = new InputLog();
        final int count = data.readInt();
        for (int i = 0; i < count; i++)
        {
            final byte kind = data.readByte();
            final long id = data.readLong();
            final long timestamp = data.readLong();
            final byte[] bytes = new byte[data.readInt()];
            data.readFully(bytes);
            log.inputs.add(new Input(kind, id, timestamp, bytes));
        }
        if (data.read() != -1)
        {
            throw new EOFException("trailing bytes after " + count + " inputs");
        }
        return log;
    }
}
