/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime;

import io.memfabric.Fabric;
import io.memfabric.FabricException;
import io.memfabric.FabricUnavailableException;
import io.memfabric.InvalidFabricUriException;
import io.memfabric.runtime.rewritten.Account;
import io.memfabric.runtime.rewritten.Node;
import io.memfabric.runtime.rewritten.Plain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FabricRootTest
{
    private static final String LEDGER = "fabric://bank/ledger";

    private final OpenFabrics fabrics = new OpenFabrics();

    @AfterEach
    void closeFabrics()
    {
        fabrics.closeAll();
    }

    @Test
    void rootReturnsSameObjectEveryTime()
    {
        final Fabric fabric = fabrics.openNode();

        final Account first = fabric.root(LEDGER, Account.class, () -> new Account(100));
        final Account second = fabric.root(LEDGER, Account.class, () -> new Account(200));

        assertSame(first, second);
        assertEquals(100, second.balance);
    }

    @Test
    void initRunsOnlyForTheFirstCaller()
    {
        final Fabric fabric = fabrics.openNode();
        final AtomicInteger inits = new AtomicInteger();
        final Supplier<Account> init =
            () ->
            {
                inits.incrementAndGet();
                return new Account();
            };

        fabric.root(LEDGER, Account.class, init);
        fabric.root(LEDGER, Account.class, init);
        fabric.root(LEDGER, Account.class, init);

        assertEquals(1, inits.get());
    }

    @Test
    void initRunsOnceWhenThreadsRaceOnTheSameUri() throws Exception
    {
        final Fabric fabric = fabrics.openNode();
        final int threads = 8;
        final AtomicInteger inits = new AtomicInteger();
        final CountDownLatch ready = new CountDownLatch(threads);
        final CountDownLatch start = new CountDownLatch(1);
        final ExecutorService executor = Executors.newFixedThreadPool(threads);
        try
        {
            final List<Future<Account>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++)
            {
                final long balance = i;
                results.add(executor.submit(
                    () ->
                    {
                        ready.countDown();
                        start.await();
                        return fabric.root(
                            LEDGER,
                            Account.class,
                            () ->
                            {
                                inits.incrementAndGet();
                                return new Account(balance);
                            });
                    }));
            }
            assertTrue(ready.await(30, TimeUnit.SECONDS), "racing threads did not start");
            start.countDown();

            final Account winner = results.get(0).get(30, TimeUnit.SECONDS);
            for (final Future<Account> result : results)
            {
                assertSame(winner, result.get(30, TimeUnit.SECONDS));
            }
            assertEquals(1, inits.get());
            assertTrue(fabric.isShared(winner));
            assertEquals(1, fabric.stats().roots());
            assertEquals(1, fabric.stats().sharedObjects());
        }
        finally
        {
            executor.shutdownNow();
        }
    }

    @Test
    void differentUrisAreDifferentRoots()
    {
        final Fabric fabric = fabrics.openNode();

        final Account ledger = fabric.root(LEDGER, Account.class, Account::new);
        final Account savings = fabric.root("fabric://bank/savings", Account.class, Account::new);
        final Account otherNamespace = fabric.root("fabric://shop/ledger", Account.class, Account::new);

        assertNotSame(ledger, savings);
        assertNotSame(ledger, otherNamespace);
        assertEquals(3, fabric.stats().roots());
    }

    @Test
    void rootMayBeAskedForWithASuperclass()
    {
        final Fabric fabric = fabrics.openNode();
        final Account account = fabric.root(LEDGER, Account.class, Account::new);

        assertSame(account, fabric.root(LEDGER, SharedInstance.class, Node::new));
    }

    @Test
    void initReturningNullIsRejected()
    {
        final Fabric fabric = fabrics.openNode();

        final FabricException ex = assertThrows(
            FabricException.class, () -> fabric.root(LEDGER, Account.class, () -> null));

        assertEquals(FabricException.Category.USAGE, ex.category());
        assertTrue(ex.getMessage().contains("The init function of root " + LEDGER + " returned null"),
            ex.getMessage());
        assertTrue(ex.getMessage().contains(Account.class.getName()), ex.getMessage());
    }

    @Test
    @SuppressWarnings({ "unchecked", "rawtypes" })
    void initReturningAnotherTypeIsRejected()
    {
        final Fabric fabric = fabrics.openNode();
        final Supplier<Account> init = (Supplier)(Supplier<Node>)Node::new;

        final FabricException ex = assertThrows(FabricException.class, () -> fabric.root(LEDGER, Account.class, init));

        assertTrue(ex.getMessage().contains(
            "returned a " + Node.class.getName() + ", not a " + Account.class.getName()), ex.getMessage());
    }

    @Test
    void failedInitLeavesTheRootToBeCreatedLater()
    {
        final Fabric fabric = fabrics.openNode();
        assertThrows(FabricException.class, () -> fabric.root(LEDGER, Account.class, () -> null));
        assertThrows(
            IllegalStateException.class,
            () -> fabric.root(
                LEDGER,
                Account.class,
                () ->
                {
                    throw new IllegalStateException("init failed");
                }));

        final Account account = fabric.root(LEDGER, Account.class, () -> new Account(7));

        assertEquals(7, account.balance);
        assertSame(account, fabric.root(LEDGER, Account.class, Account::new));
    }

    @Test
    void askingForAnExistingRootWithAnIncompatibleClassNamesBothClasses()
    {
        final Fabric fabric = fabrics.openNode();
        fabric.root(LEDGER, Account.class, Account::new);

        final FabricException ex = assertThrows(
            FabricException.class, () -> fabric.root(LEDGER, Node.class, Node::new));

        assertTrue(ex.getMessage().contains(Account.class.getName()), ex.getMessage());
        assertTrue(ex.getMessage().contains(Node.class.getName()), ex.getMessage());
        assertTrue(ex.getMessage().contains("Root " + LEDGER + " holds a"), ex.getMessage());
    }

    @Test
    void classThatIsNotShareableIsRejected()
    {
        final Fabric fabric = fabrics.openNode();

        final FabricException ex = assertThrows(
            FabricException.class, () -> fabric.root(LEDGER, Plain.class, Plain::new));

        assertEquals(FabricException.Category.USAGE, ex.category());
        assertTrue(ex.getMessage().contains(Plain.class.getName() + " is not a shareable class"), ex.getMessage());
        assertTrue(ex.getMessage().contains("-javaagent:"), ex.getMessage());
        assertEquals(0, fabric.stats().roots());
    }

    @Test
    void initAskingForItsOwnRootFailsClearly()
    {
        final Fabric fabric = fabrics.openNode();

        final FabricException ex = assertThrows(
            FabricException.class,
            () -> fabric.root(LEDGER, Account.class, () -> fabric.root(LEDGER, Account.class, Account::new)));

        assertTrue(ex.getMessage().contains("The init function of root " + LEDGER + " asked for the same root"),
            ex.getMessage());
    }

    @Test
    void initMayCreateOtherRoots()
    {
        final Fabric fabric = fabrics.openNode();

        final Node head = fabric.root(
            "fabric://list/head",
            Node.class,
            () ->
            {
                final Node node = new Node(1);
                node.next = fabric.root("fabric://list/tail", Node.class, () -> new Node(2));
                return node;
            });

        assertSame(head.next, fabric.root("fabric://list/tail", Node.class, Node::new));
        assertEquals(2, fabric.stats().roots());
        assertEquals(2, fabric.stats().sharedObjects());
    }

    @Test
    void initsAskingForEachOthersRootFromTwoThreadsDoNotDeadlock() throws InterruptedException
    {
        final Fabric fabric = fabrics.openNode();
        final CyclicBarrier bothInitializing = new CyclicBarrier(2);
        final AtomicReference<Throwable> firstOutcome = new AtomicReference<>();
        final AtomicReference<Throwable> secondOutcome = new AtomicReference<>();
        final Thread first = rootAskingForAnother(
            fabric, "fabric://pair/a", "fabric://pair/b", bothInitializing, firstOutcome);
        final Thread second = rootAskingForAnother(
            fabric, "fabric://pair/b", "fabric://pair/a", bothInitializing, secondOutcome);

        first.start();
        second.start();
        first.join(TimeUnit.SECONDS.toMillis(10));
        second.join(TimeUnit.SECONDS.toMillis(10));

        assertFalse(first.isAlive() || second.isAlive(), "root() of two inits asking for each other deadlocked");
        assertTrue(
            firstOutcome.get() instanceof FabricException || secondOutcome.get() instanceof FabricException,
            "the cycle between the two inits is reported");
    }

    @Test
    void invalidUriIsRejected()
    {
        final Fabric fabric = fabrics.openNode();

        final InvalidFabricUriException ex = assertThrows(
            InvalidFabricUriException.class, () -> fabric.root("fabric://bank", Account.class, Account::new));

        assertEquals(FabricException.Category.USAGE, ex.category());
        assertTrue(ex.getMessage().contains("'fabric://bank'"), ex.getMessage());
        assertEquals(0, fabric.stats().roots());
    }

    @Test
    void missingTypeOrInitIsRejected()
    {
        final Fabric fabric = fabrics.openNode();

        assertThrows(NullPointerException.class, () -> fabric.root(LEDGER, null, Account::new));
        assertThrows(NullPointerException.class, () -> fabric.root(LEDGER, Account.class, null));
    }

    @Test
    void rootAfterCloseIsUnavailable()
    {
        final Fabric fabric = fabrics.openNode();
        fabric.root(LEDGER, Account.class, Account::new);

        fabric.close();

        final FabricUnavailableException ex = assertThrows(
            FabricUnavailableException.class, () -> fabric.root(LEDGER, Account.class, Account::new));
        assertEquals(FabricException.Category.UNAVAILABLE, ex.category());
        assertTrue(ex.getMessage().contains("closed"), ex.getMessage());
        assertThrows(
            FabricUnavailableException.class, () -> fabric.root("fabric://bank/other", Account.class, Account::new));
    }

    private static Thread rootAskingForAnother(
        final Fabric fabric,
        final String uri,
        final String otherUri,
        final CyclicBarrier bothInitializing,
        final AtomicReference<Throwable> outcome)
    {
        final Thread thread = new Thread(
            () ->
            {
                try
                {
                    fabric.root(
                        uri,
                        Node.class,
                        () ->
                        {
                            final Node node = new Node();
                            try
                            {
                                bothInitializing.await(10, TimeUnit.SECONDS);
                            }
                            catch (final Exception ex)
                            {
                                throw new IllegalStateException(ex);
                            }
                            node.next = fabric.root(otherUri, Node.class, Node::new);
                            return node;
                        });
                }
                catch (final Throwable ex)
                {
                    outcome.set(ex);
                }
            },
            "root " + uri);
        thread.setDaemon(true);
        return thread;
    }
}
