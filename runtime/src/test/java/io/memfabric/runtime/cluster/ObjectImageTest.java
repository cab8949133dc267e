/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime.cluster;

import io.memfabric.consensus.client.ClientConfig;
import io.memfabric.consensus.client.FabricConsensus;
import io.memfabric.consensus.cluster.TestClusterExtension;
import io.memfabric.runtime.rewritten.AllKinds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * A graph of shared objects written to a real 3-member cluster as one batch, read back and rebuilt as new local
 * copies, as another JVM would see it.
 */
@Timeout(60)
class ObjectImageTest
{
    @RegisterExtension
    final TestClusterExtension cluster = new TestClusterExtension(3);

    @Test
    void everyKindOfSharedFieldSurvivesTheTripThroughTheCluster() throws Exception
    {
        cluster.awaitLeader(10_000);
        final FabricConsensus consensus = new FabricConsensus(cluster.newClient(new ClientConfig()));
        final AllKinds first = new AllKinds(77);
        first.z = true;
        first.b = Byte.MIN_VALUE;
        first.c = '\uffee';
        first.s = Short.MIN_VALUE;
        first.i = -123_456;
        first.j = Long.MIN_VALUE;
        first.f = Float.NaN;
        first.d = -0.0d;
        first.boxed = 1L << 50;
        first.noBox = null;
        first.text = "héllo";
        first.unit = TimeUnit.MICROSECONDS;
        final AllKinds second = new AllKinds(78);
        second.text = "second";
        first.next = second;
        second.next = first;

        final long base = consensus.allocateIds(2).get(20, TimeUnit.SECONDS);
        final Map<Object, Long> ids = new IdentityHashMap<>();
        ids.put(first, base);
        ids.put(second, base + 1);
        final List<FabricConsensus.Entry> entries = new ArrayList<>();
        ObjectImage.encode(first, base, ids::get, entries);
        ObjectImage.encode(second, base + 1, ids::get, entries);
        consensus.write(0, 0, entries).get(20, TimeUnit.SECONDS);

        final Map<Long, Object> copies = new java.util.HashMap<>();
        for (final long id : new long[]{ base, base + 1 })
        {
            final FabricConsensus.ObjectState state = consensus.readAll(id, 0).get(20, TimeUnit.SECONDS);
            copies.put(id, ObjectImage.newInstance(Class.forName(ObjectImage.typeName(state.slots()))));
        }
        for (final long id : new long[]{ base, base + 1 })
        {
            ObjectImage.apply(copies.get(id), consensus.readAll(id, 0).get(20, TimeUnit.SECONDS).slots(),
                copies::get);
        }

        final AllKinds copy = (AllKinds)copies.get(base);
        assertEquals(true, copy.z);
        assertEquals(Byte.MIN_VALUE, copy.b);
        assertEquals('\uffee', copy.c);
        assertEquals(Short.MIN_VALUE, copy.s);
        assertEquals(-123_456, copy.i);
        assertEquals(Long.MIN_VALUE, copy.j);
        assertEquals(Float.floatToRawIntBits(Float.NaN), Float.floatToRawIntBits(copy.f));
        assertEquals(Double.doubleToRawLongBits(-0.0d), Double.doubleToRawLongBits(copy.d));
        assertEquals(1L << 50, copy.boxed);
        assertNull(copy.noBox);
        assertEquals("héllo", copy.text);
        assertEquals(TimeUnit.MICROSECONDS, copy.unit);
        assertEquals(77, copy.id, "final fields are filled too");
        assertSame(copies.get(base + 1), copy.next);
        assertSame(copy, copy.next.next, "the cycle is rebuilt with the local copies");
        assertEquals("second", copy.next.text);
    }
}
