/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime;

import io.memfabric.FabricException;
import io.memfabric.FabricUnavailableException;
import io.memfabric.runtime.rewritten.Account;
import io.memfabric.runtime.rewritten.Base;
import io.memfabric.runtime.rewritten.Derived;
import io.memfabric.runtime.rewritten.Node;
import io.memfabric.runtime.rewritten.Plain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PublicationTest
{
    private static final Duration HANG_GUARD = Duration.ofSeconds(30);

    private final OpenFabrics fabrics = new OpenFabrics();

    @AfterEach
    void closeFabrics()
    {
        fabrics.closeAll();
    }

    @Test
    void rootAndEveryObjectReachableThroughSharedFieldsAreShared()
    {
        final FabricNode fabric = fabrics.openNode();
        final Node c = new Node(3);
        final Node b = new Node(2);
        b.next = c;
        final Node a = new Node(1);
        a.next = b;

        assertFalse(fabric.isShared(a));
        final Node root = fabric.root("fabric://list/head", Node.class, () -> a);

        assertSame(a, root);
        assertTrue(fabric.isShared(a));
        assertTrue(fabric.isShared(b));
        assertTrue(fabric.isShared(c));
        assertEquals(3, fabric.stats().sharedObjects());
        assertEquals(1, fabric.stats().roots());
    }

    @Test
    void publishingACycleTerminatesAndSharesEachObjectOnce()
    {
        final FabricNode fabric = fabrics.openNode();
        final Node a = new Node(1);
        final Node b = new Node(2);
        a.next = b;
        b.next = a;

        assertTimeoutPreemptively(HANG_GUARD, () -> fabric.root("fabric://ring/a", Node.class, () -> a));

        assertTrue(fabric.isShared(a));
        assertTrue(fabric.isShared(b));
        assertEquals(2, fabric.stats().sharedObjects());
    }

    @Test
    void publishingASelfReferenceTerminates()
    {
        final FabricNode fabric = fabrics.openNode();
        final Node a = new Node(1);
        a.next = a;

        assertTimeoutPreemptively(HANG_GUARD, () -> fabric.publish(a));

        assertTrue(fabric.isShared(a));
        assertEquals(1, fabric.stats().sharedObjects());
    }

    @Test
    void objectsReachableOnlyThroughUnlistedFieldsStayLocal()
    {
        final FabricNode fabric = fabrics.openNode();
        final Node local = new Node(9);
        local.next = new Node(10);
        final Node root = new Node(1);
        root.sidecar = local;

        fabric.root("fabric://list/head", Node.class, () -> root);

        assertTrue(fabric.isShared(root));
        assertFalse(fabric.isShared(local));
        assertFalse(fabric.isShared(local.next));
        assertNull(local.$mf$header());
        assertEquals(1, fabric.stats().sharedObjects());
    }

    @Test
    void subclassObjectsArePublishedThroughTheFieldsOfEveryClass()
    {
        final FabricNode fabric = fabrics.openNode();
        final Base parent = new Base();
        final Node child = new Node(5);
        final Derived derived = new Derived();
        derived.parent = parent;
        derived.child = child;
        derived.label = "derived";

        fabric.publish(derived);

        assertTrue(fabric.isShared(derived));
        assertTrue(fabric.isShared(parent), "superclass field is followed");
        assertTrue(fabric.isShared(child), "subclass field is followed");
        assertSame(Derived.class, derived.$mf$header().layout().type());
        assertSame(Base.class, parent.$mf$header().layout().type());
        assertEquals(3, fabric.stats().sharedObjects());
    }

    @Test
    void everySharedObjectGetsItsOwnIdAndThisNode()
    {
        final FabricNode fabric = fabrics.openNode();
        final Node a = new Node(1);
        a.next = new Node(2);
        a.next.next = new Node(3);

        fabric.publish(a);

        final Set<Long> ids = new HashSet<>();
        for (Node node = a; node != null; node = node.next)
        {
            assertSame(fabric, node.$mf$header().node());
            ids.add(node.$mf$header().objectId());
        }
        assertEquals(3, ids.size());
    }

    @Test
    void embeddedHeadersAllowLocalReadsAndWrites()
    {
        final FabricNode fabric = fabrics.openNode();
        final Account account = fabric.root("fabric://bank/ledger", Account.class, Account::new);

        final ObjectHeader header = account.$mf$header();

        assertTrue(header.readValid());
        assertTrue(header.writeLocal());
    }

    @Test
    void writeSlowPathPublishesTheStoredObject()
    {
        final FabricNode fabric = fabrics.openNode();
        final Node head = fabric.root("fabric://list/head", Node.class, () -> new Node(1));
        final Node added = new Node(2);
        added.next = new Node(3);
        final int nextSlot = SharedClassLayout.of(Node.class).slot(1).index();

        assertTrue(head.$mf$header().write(head, nextSlot, added), "the embedded fabric leaves the store to the caller");
        head.next = added;

        assertTrue(fabric.isShared(added));
        assertTrue(fabric.isShared(added.next));
        assertEquals(3, fabric.stats().sharedObjects());
    }

    @Test
    void publishingAnAlreadySharedObjectChangesNothing()
    {
        final FabricNode fabric = fabrics.openNode();
        final Node a = new Node(1);
        fabric.publish(a);
        final ObjectHeader header = a.$mf$header();

        fabric.publish(a);

        assertSame(header, a.$mf$header());
        assertEquals(1, fabric.stats().sharedObjects());
    }

    @Test
    void publishingValuesThatAreNotShareableDoesNothing()
    {
        final FabricNode fabric = fabrics.openNode();

        fabric.publish(null);
        fabric.publish("text");
        fabric.publish(42L);
        fabric.publish(new Plain());

        assertEquals(0, fabric.stats().sharedObjects());
        assertFalse(fabric.isShared(null));
        assertFalse(fabric.isShared("text"));
        assertFalse(fabric.isShared(new Plain()));
    }

    @Test
    void objectSharedOnOneFabricCannotBePublishedOnAnother()
    {
        final FabricNode first = fabrics.openNode();
        final FabricNode second = fabrics.openNode();
        final Account account = first.root("fabric://bank/ledger", Account.class, Account::new);

        final FabricException ex = assertThrows(FabricException.class, () -> second.publish(account));

        assertTrue(ex.getMessage().contains("another fabric"), ex.getMessage());
        assertTrue(ex.getMessage().contains(Account.class.getName()), ex.getMessage());
        assertSame(first, account.$mf$header().node());
        assertFalse(second.isShared(account));
        assertEquals(0, second.stats().sharedObjects());
    }

    @Test
    void objectSharedOnOneFabricCannotBecomeARootOfAnother()
    {
        final FabricNode first = fabrics.openNode();
        final FabricNode second = fabrics.openNode();
        final Account account = first.root("fabric://bank/ledger", Account.class, Account::new);

        final FabricException ex = assertThrows(
            FabricException.class, () -> second.root("fabric://bank/ledger", Account.class, () -> account));

        assertTrue(ex.getMessage().contains("another fabric"), ex.getMessage());
        final Account own = second.root("fabric://bank/ledger", Account.class, Account::new);
        assertTrue(second.isShared(own));
    }

    @Test
    void graphReachingAnObjectOfAnotherFabricCannotBePublished()
    {
        final FabricNode first = fabrics.openNode();
        final FabricNode second = fabrics.openNode();
        final Node foreign = first.root("fabric://list/head", Node.class, () -> new Node(1));
        final Node local = new Node(2);
        local.next = foreign;

        final FabricException ex = assertThrows(FabricException.class, () -> second.publish(local));

        assertTrue(ex.getMessage().contains("another fabric"), ex.getMessage());
        assertSame(first, foreign.$mf$header().node());
    }

    @Test
    void failedPublicationLeavesTheGraphLocal()
    {
        final FabricNode first = fabrics.openNode();
        final FabricNode second = fabrics.openNode();
        final Node foreign = first.root("fabric://list/head", Node.class, () -> new Node(1));
        final Node local = new Node(2);
        local.next = foreign;

        assertThrows(FabricException.class, () -> second.publish(local));

        assertFalse(second.isShared(local));
        assertEquals(0, second.stats().sharedObjects());
        first.publish(local);
        assertTrue(first.isShared(local));
    }

    @Test
    void statsCountSharedObjectsAndRoots()
    {
        final FabricNode fabric = fabrics.openNode();

        fabric.root("fabric://bank/ledger", Account.class, Account::new);
        fabric.root("fabric://bank/ledger", Account.class, Account::new);
        final Node list = new Node(1);
        list.next = new Node(2);
        fabric.root("fabric://list/head", Node.class, () -> list);
        fabric.publish(new Account());

        assertEquals(4, fabric.stats().sharedObjects());
        assertEquals(2, fabric.stats().roots());
    }

    @Test
    void aHeaderCopiedIntoAnotherObjectDoesNotMakeItShared()
    {
        final FabricNode fabric = fabrics.openNode();
        final Node original = fabric.root("fabric://list/head", Node.class, () -> new Node(1));
        final Node copy = new Node(2);
        copy.$mf$h = original.$mf$h;

        assertFalse(fabric.isShared(copy), "what Object.clone or a copy of every field leaves behind");
        assertNull(copy.$mf$header(), "the copied header is cleared where it is found");
        assertSame(original.$mf$header(), ObjectHeader.of(original), "the original keeps its own");
    }

    @Test
    void aCopyCarryingItsOriginalsHeaderIsPublishedAsANewObject()
    {
        final FabricNode fabric = fabrics.openNode();
        final Node original = fabric.root("fabric://list/head", Node.class, () -> new Node(1));
        final Node copy = new Node(2);
        copy.next = new Node(3);
        copy.$mf$h = original.$mf$h;

        original.next = copy;
        fabric.publish(copy);

        assertTrue(fabric.isShared(copy));
        assertTrue(fabric.isShared(copy.next), "what the copy references is published with it");
        assertTrue(copy.$mf$header() != original.$mf$header());
        assertTrue(copy.$mf$header().objectId() != original.$mf$header().objectId());
    }

    @Test
    void theSlowPathsOfACopiedHeaderTreatTheCopyAsUnshared()
    {
        final FabricNode fabric = fabrics.openNode();
        final Node original = fabric.root("fabric://list/head", Node.class, () -> new Node(1));
        final Node copy = new Node(2);
        copy.$mf$h = original.$mf$h;

        assertTrue(original.$mf$header().write(copy, 0, 5), "an unshared object takes the store itself");
        assertNull(copy.$mf$header());
        copy.$mf$h = original.$mf$h;
        original.$mf$header().refresh(copy);
        assertNull(copy.$mf$header());
        copy.$mf$h = original.$mf$h;
        CloneHooks.after(copy);
        assertNull(copy.$mf$header());
        assertSame(original.$mf$header(), ObjectHeader.of(original));
    }

    @Test
    void publishingAfterCloseIsUnavailable()
    {
        final FabricNode fabric = fabrics.openNode();

        fabric.close();

        assertThrows(FabricUnavailableException.class, () -> fabric.publish(new Account()));
    }
}
