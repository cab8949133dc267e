/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime;

import io.memfabric.FabricException;
import io.memfabric.FabricUnavailableException;
import io.memfabric.FabricUri;
import io.memfabric.runtime.rewritten.Account;
import io.memfabric.runtime.rewritten.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RootCellTest
{
    private static final FabricUri COUNT = FabricUri.parse("fabric://static/com.acme.Counter/count");

    private final OpenFabrics fabrics = new OpenFabrics();
    private FabricNode fabric;
    private RootCell cell;

    @BeforeEach
    void openCell()
    {
        fabric = fabrics.openNode();
        cell = fabric.rootCell(COUNT);
    }

    @AfterEach
    void closeFabrics()
    {
        fabrics.closeAll();
    }

    @Test
    void sameUriGivesTheSameCell()
    {
        assertSame(cell, fabric.rootCell(FabricUri.parse(COUNT.toString())));
        assertEquals(COUNT, cell.uri());
        assertNotSame(cell, fabric.rootCell(FabricUri.parse("fabric://static/com.acme.Counter/total")));
    }

    @Test
    void eachFabricHasItsOwnCells()
    {
        final RootCell other = fabrics.openNode().rootCell(COUNT);
        cell.setLong(1);
        other.setLong(2);

        assertNotSame(cell, other);
        assertEquals(1, cell.getLong());
        assertEquals(2, other.getLong());
    }

    @Test
    void newCellHoldsZeroAndNull()
    {
        assertEquals(0L, cell.getLong());
        assertNull(cell.getRef());
    }

    @Test
    void initLongSetsOnlyWhenTheCellWasNeverSet()
    {
        cell.initLong(5);
        assertEquals(5, cell.getLong());

        cell.initLong(7);
        assertEquals(5, cell.getLong());
    }

    @Test
    void initLongDoesNotOverwriteASetValue()
    {
        cell.setLong(3);

        cell.initLong(4);

        assertEquals(3, cell.getLong());
    }

    @Test
    void initLongDoesNotOverwriteAValueSetToZero()
    {
        cell.setLong(0);

        cell.initLong(4);

        assertEquals(0, cell.getLong());
    }

    @Test
    void setLongAlwaysSets()
    {
        cell.initLong(5);
        cell.setLong(9);
        assertEquals(9, cell.getLong());

        cell.setLong(Long.MIN_VALUE);
        assertEquals(Long.MIN_VALUE, cell.getLong());
    }

    @Test
    void longRoundTrips()
    {
        for (final long value : new long[]{ 0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0x0123_4567_89ab_cdefL })
        {
            cell.setLong(value);
            assertEquals(value, cell.getLong());
        }
    }

    @Test
    void intRoundTrips()
    {
        for (final int value : new int[]{ 0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE })
        {
            cell.setInt(value);
            assertEquals(value, cell.getInt());
        }
    }

    @Test
    void shortRoundTrips()
    {
        for (final short value : new short[]{ 0, 1, -1, Short.MIN_VALUE, Short.MAX_VALUE })
        {
            cell.setShort(value);
            assertEquals(value, cell.getShort());
        }
    }

    @Test
    void byteRoundTrips()
    {
        for (final byte value : new byte[]{ 0, 1, -1, Byte.MIN_VALUE, Byte.MAX_VALUE })
        {
            cell.setByte(value);
            assertEquals(value, cell.getByte());
        }
    }

    @Test
    void charRoundTripsIncludingTheHighestChar()
    {
        for (final char value : new char[]{ 0, 'a', '\u00e9', '\u7fff', '\u8000', Character.MAX_VALUE })
        {
            cell.setChar(value);
            assertEquals(value, cell.getChar());
        }
    }

    @Test
    void booleanRoundTrips()
    {
        cell.setBoolean(true);
        assertTrue(cell.getBoolean());

        cell.setBoolean(false);
        assertFalse(cell.getBoolean());

        cell.setBoolean(true);
        assertTrue(cell.getBoolean());
    }

    @Test
    void floatRoundTripsEveryBitPattern()
    {
        final int[] patterns = {
            Float.floatToRawIntBits(0.0f),
            Float.floatToRawIntBits(-0.0f),
            Float.floatToRawIntBits(1.5f),
            Float.floatToRawIntBits(-1.5f),
            Float.floatToRawIntBits(Float.MIN_VALUE),
            Float.floatToRawIntBits(Float.MAX_VALUE),
            Float.floatToRawIntBits(Float.POSITIVE_INFINITY),
            Float.floatToRawIntBits(Float.NEGATIVE_INFINITY),
            Float.floatToRawIntBits(Float.NaN),
            0x7fc0_0001,
            0xffc0_0123
        };
        for (final int bits : patterns)
        {
            cell.setFloat(Float.intBitsToFloat(bits));
            assertEquals(bits, Float.floatToRawIntBits(cell.getFloat()), Integer.toHexString(bits));
        }
    }

    @Test
    void doubleRoundTripsEveryBitPattern()
    {
        final long[] patterns = {
            Double.doubleToRawLongBits(0.0),
            Double.doubleToRawLongBits(-0.0),
            Double.doubleToRawLongBits(Math.PI),
            Double.doubleToRawLongBits(-Math.E),
            Double.doubleToRawLongBits(Double.MIN_VALUE),
            Double.doubleToRawLongBits(Double.MAX_VALUE),
            Double.doubleToRawLongBits(Double.POSITIVE_INFINITY),
            Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY),
            Double.doubleToRawLongBits(Double.NaN),
            0x7ff8_0000_0000_0123L,
            0xfff8_0000_0000_0001L
        };
        for (final long bits : patterns)
        {
            cell.setDouble(Double.longBitsToDouble(bits));
            assertEquals(bits, Double.doubleToRawLongBits(cell.getDouble()), Long.toHexString(bits));
        }
    }

    @Test
    void negativeZeroIsNotInitializedAway()
    {
        cell.initDouble(-0.0);
        cell.initDouble(1.0);

        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(cell.getDouble()));
    }

    @Test
    void everyTypedInitSetsOnlyOnce()
    {
        final FabricUri base = FabricUri.parse("fabric://static/com.acme.Defaults/x");

        final RootCell ints = fabric.rootCell(FabricUri.parse(base + "int"));
        ints.initInt(-7);
        ints.initInt(8);
        assertEquals(-7, ints.getInt());

        final RootCell shorts = fabric.rootCell(FabricUri.parse(base + "short"));
        shorts.initShort(Short.MIN_VALUE);
        shorts.initShort((short)1);
        assertEquals(Short.MIN_VALUE, shorts.getShort());

        final RootCell bytes = fabric.rootCell(FabricUri.parse(base + "byte"));
        bytes.initByte(Byte.MIN_VALUE);
        bytes.initByte((byte)1);
        assertEquals(Byte.MIN_VALUE, bytes.getByte());

        final RootCell chars = fabric.rootCell(FabricUri.parse(base + "char"));
        chars.initChar(Character.MAX_VALUE);
        chars.initChar('a');
        assertEquals(Character.MAX_VALUE, chars.getChar());

        final RootCell booleans = fabric.rootCell(FabricUri.parse(base + "boolean"));
        booleans.initBoolean(false);
        booleans.initBoolean(true);
        assertFalse(booleans.getBoolean());

        final RootCell floats = fabric.rootCell(FabricUri.parse(base + "float"));
        floats.initFloat(Float.NaN);
        floats.initFloat(2.0f);
        assertTrue(Float.isNaN(floats.getFloat()));

        final RootCell doubles = fabric.rootCell(FabricUri.parse(base + "double"));
        doubles.initDouble(2.5);
        doubles.initDouble(3.5);
        assertEquals(2.5, doubles.getDouble());
    }

    @Test
    void initRefSetsOnlyOnceAndPublishes()
    {
        final Node first = new Node(1);
        final Node second = new Node(2);

        cell.initRef(first);
        cell.initRef(second);

        assertSame(first, cell.getRef());
        assertTrue(fabric.isShared(first));
        assertFalse(fabric.isShared(second), "a losing initial value is not published");
    }

    @Test
    void initRefOfNullCountsAsSet()
    {
        cell.initRef(null);
        cell.initRef(new Node(1));

        assertNull(cell.getRef());
    }

    @Test
    void setRefReplacesAndPublishes()
    {
        final Node first = new Node(1);
        final Node second = new Node(2);
        second.next = new Node(3);

        cell.setRef(first);
        cell.setRef(second);

        assertSame(second, cell.getRef());
        assertTrue(fabric.isShared(second));
        assertTrue(fabric.isShared(second.next));
        cell.setRef("immutable");
        assertEquals("immutable", cell.getRef());
        cell.setRef(null);
        assertNull(cell.getRef());
    }

    @Test
    void setRefOfAnObjectOfAnotherFabricFailsAndKeepsTheValue()
    {
        final Node own = new Node(1);
        cell.setRef(own);
        final Node foreign = fabrics.openNode().root("fabric://list/head", Node.class, Node::new);

        assertThrows(FabricException.class, () -> cell.setRef(foreign));

        assertSame(own, cell.getRef());
    }

    @Test
    void aRootIsCountedOnceWhenItFirstHoldsAValue()
    {
        cell.bind('J', "com.acme.Counter.count");
        cell.bind('J', "com.acme.Counter.count");
        assertEquals(0, fabric.stats().roots(), "bound but never set: not a root yet");

        cell.setLong(1);
        cell.setLong(2);

        assertEquals(1, fabric.stats().roots());
    }

    @Test
    void rootOnAUriBoundToALongNamesBothUses()
    {
        cell.bind('J', "com.acme.Counter.count");

        final FabricException ex = assertThrows(
            FabricException.class, () -> fabric.root(COUNT.toString(), Account.class, Account::new));

        assertTrue(ex.getMessage().contains("Root " + COUNT + " is used by com.acme.Counter.count as a long"),
            ex.getMessage());
        assertTrue(ex.getMessage().contains(
            "by Fabric.root(" + Account.class.getName() + ") as an object reference"), ex.getMessage());
        assertEquals(0, fabric.stats().roots(), "the failed root() created nothing");
    }

    @Test
    void bindingALongToARootNamesBothUses()
    {
        fabric.root(COUNT.toString(), Account.class, Account::new);

        final FabricException ex = assertThrows(
            FabricException.class, () -> cell.bind('J', "com.acme.Counter.count"));

        assertTrue(ex.getMessage().contains("Fabric.root(" + Account.class.getName() + ") as an object reference"),
            ex.getMessage());
        assertTrue(ex.getMessage().contains("com.acme.Counter.count as a long"), ex.getMessage());
    }

    @Test
    void bindingAnotherPrimitiveKindNamesBothUses()
    {
        cell.bind('I', "com.acme.Counter.count");

        final FabricException ex = assertThrows(FabricException.class, () -> cell.bind('D', "com.acme.Gauge.count"));

        assertEquals(FabricException.Category.USAGE, ex.category());
        assertTrue(ex.getMessage().contains("com.acme.Counter.count as an int"), ex.getMessage());
        assertTrue(ex.getMessage().contains("com.acme.Gauge.count as a double"), ex.getMessage());
    }

    @Test
    void bindingAStaticFieldWithoutTheAgentIsUnavailable()
    {
        final FabricUnavailableException ex = assertThrows(
            FabricUnavailableException.class,
            () -> RootCell.bindStatic(RootCellTest.class, "count", "J", COUNT.toString()));

        assertTrue(ex.getMessage().contains("-javaagent:"), ex.getMessage());
    }

    @Test
    void cellAfterCloseIsUnavailable()
    {
        fabric.close();

        assertThrows(FabricUnavailableException.class, () -> fabric.rootCell(COUNT));
    }
}
