/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime;

import io.memfabric.FabricException;
import io.memfabric.annotations.Consistency;
import io.memfabric.runtime.rewritten.Account;
import io.memfabric.runtime.rewritten.Base;
import io.memfabric.runtime.rewritten.Derived;
import io.memfabric.runtime.rewritten.Node;
import io.memfabric.runtime.rewritten.Plain;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedClassLayoutTest
{
    @Test
    void slotsFollowTheListingOrder()
    {
        final SharedClassLayout layout = SharedClassLayout.of(Account.class);

        assertSame(Account.class, layout.type());
        assertEquals(2, layout.slotCount());
        assertSlot(layout.slot(0), 0, "balance", long.class, Account.class, Consistency.STRONG);
        assertSlot(layout.slot(1), 1, "owner", String.class, Account.class, Consistency.STRONG);
        assertEquals(0, layout.sharedReferenceSlots().length, "a String is not followed by publication");
    }

    @Test
    void superclassSlotsComeFirst()
    {
        final SharedClassLayout layout = SharedClassLayout.of(Derived.class);

        assertEquals(4, layout.slotCount());
        assertSlot(layout.slot(0), 0, "id", long.class, Base.class, Consistency.STRONG);
        assertSlot(layout.slot(1), 1, "parent", Base.class, Base.class, Consistency.STRONG);
        assertSlot(layout.slot(2), 2, "label", String.class, Derived.class, Consistency.CAUSAL);
        assertSlot(layout.slot(3), 3, "child", Node.class, Derived.class, Consistency.EVENTUAL);
    }

    @Test
    void superclassLayoutIsUnchangedBySubclass()
    {
        final SharedClassLayout derived = SharedClassLayout.of(Derived.class);
        final SharedClassLayout base = SharedClassLayout.of(Base.class);

        assertEquals(2, base.slotCount());
        assertEquals("parent", base.slot(1).name());
        assertEquals(base.slot(1).name(), derived.slot(1).name());
    }

    @Test
    void subclassWithoutSharedFieldsOfItsOwnHasItsSuperclassSlots()
    {
        final SharedClassLayout layout = SharedClassLayout.of(SavingsAccount.class);

        assertSame(SavingsAccount.class, layout.type());
        assertEquals(2, layout.slotCount());
        assertEquals("balance", layout.slot(0).name());
        assertEquals("owner", layout.slot(1).name());
    }

    @Test
    void onlySlotsOfShareableTypesArePublicationReferences()
    {
        final SharedClassLayout layout = SharedClassLayout.of(Derived.class);

        final SharedClassLayout.Slot[] references = layout.sharedReferenceSlots();

        assertArrayEquals(new SharedClassLayout.Slot[]{ layout.slot(1), layout.slot(3) }, references);
        assertTrue(layout.slot(1).holdsSharedObjects());
        assertFalse(layout.slot(0).holdsSharedObjects());
        assertFalse(layout.slot(2).holdsSharedObjects());
    }

    @Test
    void unlistedFieldsAreNotSlots()
    {
        final SharedClassLayout layout = SharedClassLayout.of(Node.class);

        assertEquals(2, layout.slotCount());
        assertEquals("value", layout.slot(0).name());
        assertEquals("next", layout.slot(1).name());
    }

    @Test
    void layoutIsBuiltOncePerClass()
    {
        assertSame(SharedClassLayout.of(Derived.class), SharedClassLayout.of(Derived.class));
    }

    @Test
    void slotReadsTheCurrentValueOfTheField()
    {
        final Derived derived = new Derived();
        final Node child = new Node(1);
        derived.id = 42;
        derived.label = "x";
        derived.child = child;
        final SharedClassLayout layout = SharedClassLayout.of(Derived.class);

        assertEquals(42L, layout.slot(0).get(derived));
        assertEquals(null, layout.slot(1).get(derived));
        assertEquals("x", layout.slot(2).get(derived));
        assertSame(child, layout.slot(3).get(derived));

        derived.id = 43;
        assertEquals(43L, layout.slot(0).get(derived));
    }

    @Test
    void finalSlotIsReadable()
    {
        final SharedClassLayout layout = SharedClassLayout.of(Point.class);

        assertTrue(layout.slot(0).isFinal());
        assertFalse(layout.slot(1).isFinal());
        assertEquals(3, layout.slot(0).get(new Point(3, 4)));
        assertEquals(4, layout.slot(1).get(new Point(3, 4)));
    }

    @Test
    void classThatIsNotShareableIsRejected()
    {
        final FabricException ex = assertThrows(FabricException.class, () -> SharedClassLayout.of(Plain.class));

        assertTrue(ex.getMessage().contains(Plain.class.getName() + " is not a shareable class"), ex.getMessage());
    }

    @Test
    void listingOfAMissingFieldIsReportedAsADisagreementWithTheAgent()
    {
        final FabricException ex = assertThrows(FabricException.class, () -> SharedClassLayout.of(Stale.class));

        assertEquals(FabricException.Category.CONFIGURATION, ex.category());
        assertTrue(ex.getMessage().contains("Cannot reach shared field " + Stale.class.getName() + ".renamed"),
            ex.getMessage());
        assertTrue(ex.getMessage().contains("rebuild with the same fabric.jar"), ex.getMessage());
    }

    @Test
    void slotDescribesItsFieldForMessages()
    {
        assertEquals(
            Base.class.getName() + ".parent (" + Base.class.getName() + ")",
            SharedClassLayout.of(Derived.class).slot(1).toString());
    }

    private static void assertSlot(
        final SharedClassLayout.Slot slot,
        final int index,
        final String name,
        final Class<?> type,
        final Class<?> declaringClass,
        final Consistency consistency)
    {
        assertEquals(index, slot.index());
        assertEquals(name, slot.name());
        assertSame(type, slot.type());
        assertSame(declaringClass, slot.declaringClass());
        assertSame(consistency, slot.consistency());
    }

    /**
     * A subclass that adds no shared fields: the agent gives it no {@code $mf$slots}.
     */
    static class SavingsAccount extends Account
    {
        long localInterest;
    }

    /**
     * A class with a final shared field, written once in the constructor.
     */
    static final class Point implements SharedInstance
    {
        static final String $mf$slots = "x I STRONG\ny I STRONG";

        volatile transient ObjectHeader $mf$h;

        final int x;
        volatile int y;

        Point(final int x, final int y)
        {
            this.x = x;
            this.y = y;
        }

        public ObjectHeader $mf$header()
        {
            return $mf$h;
        }

        public void $mf$header(final ObjectHeader header)
        {
            $mf$h = header;
        }
    }

    /**
     * A class whose listing names a field it no longer has, as if compiled again after the agent rewrote it.
     */
    static final class Stale implements SharedInstance
    {
        static final String $mf$slots = "renamed J STRONG";

        volatile transient ObjectHeader $mf$h;

        volatile long current;

        public ObjectHeader $mf$header()
        {
            return $mf$h;
        }

        public void $mf$header(final ObjectHeader header)
        {
            $mf$h = header;
        }
    }
}
