/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.stat;

import io.aeron.CncFileDescriptor;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads MemFabric's counters out of media drivers' CnC files, the way Aeron's own tools read a driver's counters: no
 * connection to the process, nothing it has to run. Used by {@code ./fabric stat}.
 */
public final class CncCounters
{
    /**
     * A driver whose heartbeat is older than this is taken for dead (a process killed without cleaning up).
     */
    public static final long DRIVER_STALE_MS = 10_000;

    private static final Map<Integer, FabricCounter> KNOWN = new TreeMap<>();

    static
    {
        for (final FabricCounter counter : NodeCounter.values())
        {
            KNOWN.put(counter.typeId(), counter);
        }
        for (final FabricCounter counter : MemberCounter.values())
        {
            KNOWN.put(counter.typeId(), counter);
        }
    }

    private CncCounters()
    {
    }

    /**
     * The counters of one fabric node or cluster member.
     *
     * @param scope   {@link CounterSet#SCOPE_NODE} or {@link CounterSet#SCOPE_MEMBER}.
     * @param ownerId the node's client id or the member's id.
     * @param pid     the process that owns them.
     * @param values  counter name to value, in the order the process allocated them.
     */
    public record Owner(int scope, long ownerId, long pid, Map<String, Long> values)
    {
        /**
         * @return e.g. {@code member 1 pid 4242} or {@code node 5f3a9c pid 4250}.
         */
        public String name()
        {
            return (scope == CounterSet.SCOPE_MEMBER ? "member " + ownerId : "node " + Long.toHexString(ownerId)) +
                " pid " + pid;
        }

        /**
         * @param counter a counter's name.
         * @return its value, or -1 if this owner has no such counter.
         */
        public long value(final String counter)
        {
            return values.getOrDefault(counter, -1L);
        }
    }

    /**
     * What one media driver's CnC file holds of MemFabric.
     *
     * @param dir       the driver's directory.
     * @param driverPid the driver's process.
     * @param live      whether the driver's heartbeat is recent.
     * @param owners    the nodes and members whose counters it holds.
     */
    public record Driver(File dir, long driverPid, boolean live, List<Owner> owners)
    {
    }

    /**
     * The directories under {@code /dev/shm} and the temporary directory that hold a media driver's CnC file, which
     * is where MemFabric's members and nodes put their drivers unless told otherwise.
     *
     * @return driver directories, sorted by name.
     */
    public static List<File> discover()
    {
        final List<File> dirs = new ArrayList<>();
        for (final String parent : List.of("/dev/shm", System.getProperty("java.io.tmpdir")))
        {
            final File[] children = new File(parent).listFiles(
                (file) -> file.isDirectory() && new File(file, CncFileDescriptor.CNC_FILE).isFile());
            if (children != null)
            {
                dirs.addAll(Arrays.asList(children));
            }
        }
        dirs.sort(Comparator.comparing(File::getAbsolutePath));
        return dirs;
    }

    /**
     * Reads a driver's CnC file once.
     *
     * @param dir the driver's directory.
     * @return what it holds of MemFabric.
     * @throws IllegalArgumentException if the directory has no CnC file, or one of another Aeron version.
     */
    public static Driver read(final File dir)
    {
        final File cnc = new File(dir, CncFileDescriptor.CNC_FILE);
        if (!cnc.isFile())
        {
            throw new IllegalArgumentException(dir + " holds no Aeron media driver (no " +
                CncFileDescriptor.CNC_FILE + ")");
        }
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(cnc, "cnc");
        try
        {
            final UnsafeBuffer metaData = CncFileDescriptor.createMetaDataBuffer(mapped);
            final int version = metaData.getIntVolatile(CncFileDescriptor.cncVersionOffset(0));
            if (version != CncFileDescriptor.CNC_VERSION)
            {
                throw new IllegalArgumentException(cnc + " is of CnC version " + version + ", not " +
                    CncFileDescriptor.CNC_VERSION + " (a media driver of another Aeron version)");
            }
            final long driverPid = metaData.getLong(CncFileDescriptor.pidOffset(0));
            final ManyToOneRingBuffer toDriver = new ManyToOneRingBuffer(
                CncFileDescriptor.createToDriverBuffer(mapped, metaData));
            final boolean live = System.currentTimeMillis() - toDriver.consumerHeartbeatTime() < DRIVER_STALE_MS;
            final CountersReader reader = new CountersReader(
                CncFileDescriptor.createCountersMetaDataBuffer(mapped, metaData),
                CncFileDescriptor.createCountersValuesBuffer(mapped, metaData),
                StandardCharsets.US_ASCII);
            final Map<String, Owner> owners = new LinkedHashMap<>();
            reader.forEach((counterId, typeId, keyBuffer, label) ->
            {
                final FabricCounter known = KNOWN.get(typeId);
                if (known == null && !label.startsWith("memfabric "))
                {
                    return;
                }
                final Owner owner = owners.computeIfAbsent(key(keyBuffer), (k) -> new Owner(
                    CounterSet.scope(keyBuffer), CounterSet.ownerId(keyBuffer), CounterSet.pid(keyBuffer),
                    new LinkedHashMap<>()));
                final String name = known != null ? known.id() : label.substring(label.lastIndexOf(": ") + 2);
                owner.values().put(name, reader.getCounterValue(counterId));
            });
            return new Driver(dir, driverPid, live, List.copyOf(owners.values()));
        }
        finally
        {
            IoUtil.unmap(mapped);
        }
    }

    private static String key(final DirectBuffer keyBuffer)
    {
        return CounterSet.scope(keyBuffer) + "/" + CounterSet.ownerId(keyBuffer) + "/" + CounterSet.pid(keyBuffer);
    }

    /**
     * @param scope {@link CounterSet#SCOPE_NODE} or {@link CounterSet#SCOPE_MEMBER}.
     * @param name  a counter's name.
     * @return the counter, or {@code null} for a name MemFabric does not define in that scope.
     */
    public static FabricCounter describe(final int scope, final String name)
    {
        final FabricCounter[] counters = scope == CounterSet.SCOPE_MEMBER ? MemberCounter.values() :
            NodeCounter.values();
        for (final FabricCounter counter : counters)
        {
            if (counter.id().equals(name))
            {
                return counter;
            }
        }
        return null;
    }
}
