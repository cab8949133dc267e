/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime;

import io.memfabric.FabricStats;
import io.memfabric.runtime.rewritten.Account;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MonitorHooksTest
{
    private static final FabricStats NOTHING = new FabricStats(0, 0, 0, 0, 0);

    private final OpenFabrics fabrics = new OpenFabrics();

    @AfterEach
    void closeFabrics()
    {
        fabrics.closeAll();
    }

    @Test
    void notifyWithoutHoldingTheMonitorOfALocalObjectThrowsAsJavaDoes()
    {
        final Object plain = new Object();
        final Account local = new Account();

        assertThrows(IllegalMonitorStateException.class, () -> MonitorHooks.notify(plain));
        assertThrows(IllegalMonitorStateException.class, () -> MonitorHooks.notifyAll(plain));
        assertThrows(IllegalMonitorStateException.class, () -> MonitorHooks.wait(plain, 10));
        assertThrows(IllegalMonitorStateException.class, () -> MonitorHooks.notify(local));
        assertThrows(IllegalMonitorStateException.class, () -> MonitorHooks.notifyAll(local));
        assertThrows(IllegalMonitorStateException.class, () -> MonitorHooks.wait(local));
    }

    @Test
    void monitorOfALocalObjectBehavesLikeJavasAndCountsNothing() throws InterruptedException
    {
        final FabricNode fabric = fabrics.openNode();
        final Account local = new Account();

        MonitorHooks.enter(local);
        synchronized (local)
        {
            MonitorHooks.notify(local);
            MonitorHooks.notifyAll(local);
            MonitorHooks.wait(local, 10);
            MonitorHooks.wait(local, 1, 500);
            MonitorHooks.exit(local);
        }

        assertEquals(NOTHING, fabric.stats());
    }

    @Test
    void invalidWaitTimeoutOfALocalObjectIsRejectedAsJavaDoes()
    {
        final Object plain = new Object();

        synchronized (plain)
        {
            assertThrows(IllegalArgumentException.class, () -> MonitorHooks.wait(plain, -1));
            assertThrows(IllegalArgumentException.class, () -> MonitorHooks.wait(plain, 0, 1_000_000));
        }
    }

    @Test
    void monitorOfASharedObjectIsCountedOnItsFabric() throws InterruptedException
    {
        final FabricNode fabric = fabrics.openNode();
        final FabricNode bystander = fabrics.openNode();
        final Account account = fabric.root("fabric://bank/ledger", Account.class, Account::new);

        MonitorHooks.enter(account);
        synchronized (account)
        {
            MonitorHooks.notifyAll(account);
            MonitorHooks.notify(account);
            MonitorHooks.wait(account, 10);
            MonitorHooks.exit(account);
        }
        MonitorHooks.enter(account);
        synchronized (account)
        {
            MonitorHooks.exit(account);
        }

        final FabricStats stats = fabric.stats();
        assertEquals(2, stats.monitorEnters());
        assertEquals(2, stats.notifies());
        assertEquals(1, stats.waits());
        assertEquals(1, stats.sharedObjects());
        assertEquals(1, stats.roots());
        assertEquals(NOTHING, bystander.stats());
    }

    @Test
    void notifyWithoutHoldingTheMonitorOfASharedObjectThrowsAsJavaDoes()
    {
        final FabricNode fabric = fabrics.openNode();
        final Account account = fabric.root("fabric://bank/ledger", Account.class, Account::new);

        assertThrows(IllegalMonitorStateException.class, () -> MonitorHooks.notify(account));
        assertThrows(IllegalMonitorStateException.class, () -> MonitorHooks.notifyAll(account));
        assertThrows(IllegalMonitorStateException.class, () -> MonitorHooks.wait(account, 10));
    }

    @Test
    void waitOnASharedObjectIsWokenByNotifyAll() throws InterruptedException
    {
        final FabricNode fabric = fabrics.openNode();
        final Account account = fabric.root("fabric://bank/ledger", Account.class, Account::new);
        final CountDownLatch waiting = new CountDownLatch(1);
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        final Thread waiter = new Thread(
            () ->
            {
                try
                {
                    MonitorHooks.enter(account);
                    synchronized (account)
                    {
                        waiting.countDown();
                        while (account.balance == 0)
                        {
                            MonitorHooks.wait(account);
                        }
                        MonitorHooks.exit(account);
                    }
                }
                catch (final Throwable ex)
                {
                    failure.set(ex);
                }
            },
            "waiter");
        waiter.start();
        assertTrue(waiting.await(30, TimeUnit.SECONDS), "waiter did not start");

        MonitorHooks.enter(account);
        synchronized (account)
        {
            account.balance = 1;
            MonitorHooks.notifyAll(account);
            MonitorHooks.exit(account);
        }
        waiter.join(TimeUnit.SECONDS.toMillis(30));

        assertFalse(waiter.isAlive(), "waiter was not woken");
        assertNull(failure.get());
        assertTrue(fabric.stats().waits() >= 1);
        assertEquals(1, fabric.stats().notifies());
        assertEquals(2, fabric.stats().monitorEnters());
    }

    @Test
    void interruptedWaitOnASharedObjectThrowsInterruptedException()
    {
        final FabricNode fabric = fabrics.openNode();
        final Account account = fabric.root("fabric://bank/ledger", Account.class, Account::new);

        synchronized (account)
        {
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> MonitorHooks.wait(account, 10_000));
        }

        assertFalse(Thread.interrupted(), "the interrupt was consumed by wait");
    }
}
