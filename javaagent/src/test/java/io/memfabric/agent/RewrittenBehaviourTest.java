/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.agent;

import io.memfabric.Fabric;
import io.memfabric.FabricConfig;
import io.memfabric.FabricStats;
import io.memfabric.runtime.FabricNode;
import io.memfabric.runtime.MonitorHooks;
import io.memfabric.runtime.SharedClassError;
import io.memfabric.runtime.SharedInstance;
import io.memfabric.runtime.RewriteContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the rewritten fixtures in this JVM, against an embedded fabric: what the rewritten code does, not only what
 * it looks like.
 */
class RewrittenBehaviourTest
{
    private final RewritingClassLoader loader = new RewritingClassLoader("fixtures.");
    private final Fabric fabric = Fabric.open(new FabricConfig());

    @AfterEach
    void close()
    {
        fabric.close();
    }

    @Test
    void readersThatCountLocalReadsVerifyAndReadTheField() throws Exception
    {
        AccessorGenerator.countLocalReads(true);
        try
        {
            // A loader of its own, so the class is rewritten with counting on; a reader that does not verify fails
            // here, when it is first called.
            final Class<?> type = Class.forName("fixtures.Counter", true, new RewritingClassLoader("fixtures."));
            final Object counter = type.getDeclaredConstructor().newInstance();
            final java.lang.reflect.Method writer = type.getDeclaredMethod(RewriteContract.WRITE_PREFIX + "shared",
                type, long.class);
            final java.lang.reflect.Method reader = type.getDeclaredMethod(RewriteContract.READ_PREFIX + "shared",
                type);
            writer.setAccessible(true);
            reader.setAccessible(true);
            writer.invoke(null, counter, 42L);
            assertEquals(42L, reader.invoke(null, counter));
        }
        finally
        {
            AccessorGenerator.countLocalReads(false);
        }
    }

    @Test
    void objectStoredIntoSharedFieldFromAnotherClassBecomesShared() throws Exception
    {
        final Class<?> account = loader.loadClass("fixtures.Account");
        final Object root = root("fabric://test/link", account);
        final Object other = account.getConstructor().newInstance();
        assertFalse(fabric.isShared(other));

        invoke("fixtures.Teller", "link", root, other);

        assertTrue(fabric.isShared(other), "the write went through the accessor, which published the object");
    }

    @Test
    void publishAllSharesEveryObjectInOnePublicationAndCopiesOfAnswersTheSameObjectsOnTheirNode() throws Exception
    {
        final Class<?> account = loader.loadClass("fixtures.Account");
        final FabricNode node = (FabricNode)fabric;
        final java.util.List<Object> made = java.util.List.of(account.getConstructor().newInstance(),
            account.getConstructor().newInstance());

        node.publishAll(made);

        assertTrue(fabric.isShared(made.get(0)) && fabric.isShared(made.get(1)));
        final java.util.List<Object> copies = node.copiesOf(made);
        assertSame(made.get(0), copies.get(0), "on its own embedded node an object is its own copy");
        assertSame(made.get(1), copies.get(1));
    }

    @Test
    void publishAllAndCopiesOfRefuseWhatTheyCannotShareNamingIt() throws Exception
    {
        final FabricNode node = (FabricNode)fabric;
        final io.memfabric.FabricException notShareable = assertThrows(io.memfabric.FabricException.class,
            () -> node.publishAll(java.util.List.of("text")));
        assertTrue(notShareable.getMessage().contains("java.lang.String"), notShareable.getMessage());

        final Object unshared = loader.loadClass("fixtures.Account").getConstructor().newInstance();
        final io.memfabric.FabricException notShared = assertThrows(io.memfabric.FabricException.class,
            () -> node.copiesOf(java.util.List.of(unshared)));
        assertTrue(notShared.getMessage().contains("publish it on a node first"), notShared.getMessage());

        try (Fabric other = Fabric.open(new FabricConfig()))
        {
            ((FabricNode)other).publishAll(java.util.List.of(unshared));
            final io.memfabric.FabricException elsewhere = assertThrows(io.memfabric.FabricException.class,
                () -> node.copiesOf(java.util.List.of(unshared)));
            assertTrue(elsewhere.getMessage().contains("only nodes of one cluster share objects"),
                elsewhere.getMessage());
        }
    }

    @Test
    void valuesWrittenThroughAccessorsAreReadBack() throws Exception
    {
        final Object root = root("fabric://test/values", loader.loadClass("fixtures.Account"));

        invoke("fixtures.Teller", "write", root, 1234L);

        assertEquals(1234L, invoke("fixtures.Teller", "read", root));
    }

    @Test
    void jdkValueClassesInSharedFieldsAreWrittenAndReadThroughAccessors() throws Exception
    {
        final Class<?> stamp = loader.loadClass("fixtures.Stamp");
        final Object root = root("fabric://test/stamp", stamp);

        stamp.getMethod("stamp", UUID.class, Instant.class, BigDecimal.class)
            .invoke(root, new UUID(1, 2), Instant.ofEpochSecond(7, 8), new BigDecimal("1.50"));
        stamp.getMethod("add", BigDecimal.class).invoke(root, new BigDecimal("0.25"));

        assertEquals("00000000-0000-0001-0000-000000000002 1970-01-01T00:00:07.000000008Z 1.75",
            stamp.getMethod("describe").invoke(root));
    }

    @Test
    void synchronizedMethodReleasesTheMonitorWhenItThrows() throws Exception
    {
        final Class<?> account = loader.loadClass("fixtures.Account");
        final Object root = root("fabric://test/throwing", account);
        final Method withdraw = account.getMethod("withdrawOrThrow", long.class);

        final InvocationTargetException thrown =
            assertThrows(InvocationTargetException.class, () -> withdraw.invoke(root, 10L));
        assertInstanceOf(IllegalStateException.class, thrown.getCause());

        final Thread other = new Thread(() -> call(() -> invoke("fixtures.Teller", "depositAndNotify", root, 5L)));
        other.start();
        other.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(other.isAlive(), "another thread could not take the monitor: it was not released");
        assertEquals(5L, invoke("fixtures.Teller", "read", root));
    }

    @Test
    void synchronizedMethodKeepsItsOwnCatchBlocks() throws Exception
    {
        final Class<?> account = loader.loadClass("fixtures.Account");
        final Object root = root("fabric://test/catching", account);

        assertEquals("caught negative", account.getMethod("depositCatchingInside", long.class).invoke(root, -1L));
        assertEquals("ok", account.getMethod("depositCatchingInside", long.class).invoke(root, 3L));
    }

    @Test
    void manyThreadsUnderSynchronizedLoseNoUpdateAndEveryEntryReachesTheFabric() throws Exception
    {
        final Class<?> account = loader.loadClass("fixtures.Account");
        final Object from = root("fabric://test/from", account);
        final Object to = root("fabric://test/to", account);
        invoke("fixtures.Teller", "write", from, 1_000_000L);
        final Method transfer = loader.loadClass("fixtures.Teller")
            .getMethod("transfer", account, account, long.class);
        final Method deposit = account.getMethod("deposit", long.class);
        final int threads = 4;
        final int rounds = 20_000;
        final FabricStats before = fabric.stats();

        final Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            workers[t] = new Thread(() ->
            {
                for (int i = 0; i < rounds; i++)
                {
                    call(() -> transfer.invoke(null, from, to, 1L));
                    call(() -> deposit.invoke(to, 1L));
                }
            });
            workers[t].start();
        }
        for (final Thread worker : workers)
        {
            worker.join();
        }

        assertEquals(1_000_000L - threads * rounds, invoke("fixtures.Teller", "read", from));
        assertEquals(2L * threads * rounds, invoke("fixtures.Teller", "read", to));
        assertEquals(3L * threads * rounds, fabric.stats().monitorEnters() - before.monitorEnters(),
            "two nested blocks and one synchronized method per round");
    }

    @Test
    void waitAndNotifyOnSharedObjectWakeTheWaiter() throws Exception
    {
        final Object root = root("fabric://test/waiting", loader.loadClass("fixtures.Account"));
        final Thread waiter = new Thread(() -> call(() -> invoke("fixtures.Teller", "awaitBalance", root, 10L)));
        waiter.start();
        while (fabric.stats().waits() == 0 && waiter.isAlive())
        {
            Thread.sleep(5);
        }

        invoke("fixtures.Teller", "depositAndNotify", root, 10L);
        waiter.join(TimeUnit.SECONDS.toMillis(10));

        assertFalse(waiter.isAlive());
        assertTrue(fabric.stats().notifies() >= 1);
    }

    @Test
    void cloneOfASharedObjectIsAnOrdinaryUnsharedObject() throws Exception
    {
        final Object original = root("fabric://test/cloned", loader.loadClass("fixtures.Account"));
        invoke("fixtures.Teller", "write", original, 5L);

        final Object copy = original.getClass().getMethod("copy").invoke(original);

        assertSame(null, ((SharedInstance)copy).$mf$header(), "the clone hook cleared the copied header");
        assertFalse(fabric.isShared(copy));
        invoke("fixtures.Teller", "write", copy, 9L);
        assertEquals(5L, invoke("fixtures.Teller", "read", original));
        assertEquals(9L, invoke("fixtures.Teller", "read", copy));
        invoke("fixtures.Teller", "link", original, copy);
        assertTrue(fabric.isShared(copy), "stored, the copy is published as an object of its own");
        assertEquals(9L, invoke("fixtures.Teller", "read", copy));
        assertEquals(5L, invoke("fixtures.Teller", "read", original));
    }

    @Test
    void staticSynchronizedMethodsAndClassBlocksOfAClassWithRootsLockThroughTheFabric() throws Exception
    {
        final FabricNode jvmFabric = TestFabrics.jvmFabric();
        final Class<?> census = loader.loadClass("fixtures.Census");
        final long before = jvmFabric.stats().monitorEnters();

        final long first = (Long)census.getMethod("countSynchronized").invoke(null);
        assertEquals(first + 1, census.getMethod("countInClassBlock").invoke(null));
        final InvocationTargetException failed = assertThrows(InvocationTargetException.class,
            () -> census.getMethod("countOrThrow", boolean.class).invoke(null, true));

        assertInstanceOf(IllegalStateException.class, failed.getCause());
        assertEquals(before + 3, jvmFabric.stats().monitorEnters());
        assertFalse(Thread.holdsLock(census), "the monitor was released, also when the method threw");
    }

    @Test
    void waitOnTheClassOfAStaticSynchronizedMethodIsWokenByNotifyAll() throws Exception
    {
        final FabricNode jvmFabric = TestFabrics.jvmFabric();
        final Class<?> census = loader.loadClass("fixtures.Census");
        final long target = (Long)census.getMethod("countSynchronized").invoke(null) + 1;
        final long waitsBefore = jvmFabric.stats().waits();
        final long notifiesBefore = jvmFabric.stats().notifies();
        final Thread waiter = new Thread(() -> call(() -> census.getMethod("awaitCount", long.class)
            .invoke(null, target)));
        waiter.start();
        while (jvmFabric.stats().waits() == waitsBefore && waiter.isAlive())
        {
            Thread.sleep(5);
        }

        census.getMethod("countSynchronized").invoke(null);
        synchronized (census)
        {
            MonitorHooks.notifyAll(census);
        }
        waiter.join(TimeUnit.SECONDS.toMillis(10));

        assertFalse(waiter.isAlive());
        assertTrue(jvmFabric.stats().notifies() > notifiesBefore, "notifyAll on the class went to the fabric");
    }

    @Test
    void staticRootFieldInitializerCreatesTheRootOnceForTheWholeFabric() throws Exception
    {
        final FabricNode jvmFabric = TestFabrics.jvmFabric();
        final Class<?> registry = loader.loadClass("fixtures.Registry");
        final Object main = registry.getMethod("main").invoke(null);
        assertEquals(8, registry.getMethod("bump").invoke(null));

        final RewritingClassLoader second = new RewritingClassLoader("fixtures.");
        final Class<?> again = second.loadClass("fixtures.Registry");

        assertTrue(jvmFabric.isShared(main));
        assertSame(main, jvmFabric.root("fabric://fixtures/registry/main", main.getClass(), () -> null));
        assertEquals(9, again.getMethod("bump").invoke(null),
            "a second copy of the class reads the fabric's root; its initializer (= 7) did not overwrite it");
    }

    @Test
    void classWithUnsupportedFieldTypeFailsAtInitializationNamingClassFieldAndType() throws Exception
    {
        final Class<?> bad = Class.forName("fixtures.bad.WithThread", false, loader);

        final SharedClassError error = assertThrows(SharedClassError.class,
            () -> bad.getConstructor().newInstance());

        assertTrue(error.getMessage().contains("fixtures.bad.WithThread.worker"), error.getMessage());
        assertTrue(error.getMessage().contains("java.lang.Thread"), error.getMessage());
        assertTrue(error.getMessage().contains("transient"), "says what to do instead: " + error.getMessage());
        assertEquals(1, loader.outcome("fixtures.bad.WithThread").errors().size());
    }

    @Test
    void everyKindOfUnshareableFieldIsReportedWithItsReason() throws Exception
    {
        Class.forName("fixtures.bad.UnsharedReference", false, loader);
        final String errors = String.join("\n", loader.outcome("fixtures.bad.UnsharedReference").errors());

        assertTrue(errors.contains("UnsharedReference.items of type java.util.ArrayList"), errors);
        assertTrue(errors.contains("UnsharedReference.numbers of type int[]: a Java array cannot be shared"), errors);
        assertTrue(errors.contains("declare the field as io.memfabric.collections.FabricIntArray"), errors);
        assertTrue(errors.contains("UnsharedReference.other of type fixtures.bad.UnsharedReference$NotShared"),
            errors);
        assertTrue(errors.contains("annotate NotShared with @Shared"), errors);
    }

    @Test
    void invalidRootUriIsReportedForTheField() throws Exception
    {
        final Class<?> bad = Class.forName("fixtures.bad.BadRootUri", false, loader);
        final String errors = String.join("\n", loader.outcome("fixtures.bad.BadRootUri").errors());

        assertTrue(errors.contains("fixtures.bad.BadRootUri.root: Invalid fabric URI 'fabric:/nope'"), errors);
        assertThrows(SharedClassError.class, () -> Class.forName(bad.getName(), true, loader));
    }

    @Test
    void refusedClassCannotBeInitialized() throws Exception
    {
        final byte[] refused = ClassTransformation.refuse(
            RewritingClassLoader.originalBytes("fixtures.Plain"), "refused for the test");
        final ClassLoader single = new ClassLoader(getClass().getClassLoader())
        {
            protected Class<?> loadClass(final String name, final boolean resolve) throws ClassNotFoundException
            {
                if (name.equals("fixtures.Plain"))
                {
                    return defineClass(name, refused, 0, refused.length);
                }
                return super.loadClass(name, resolve);
            }
        };
        final Class<?> plain = Class.forName("fixtures.Plain", false, single);

        final SharedClassError error = assertThrows(SharedClassError.class, () -> plain.getConstructor().newInstance());
        assertEquals("refused for the test", error.getMessage());
    }

    private Object root(final String uri, final Class<?> type)
    {
        return fabric.root(uri, type.asSubclass(Object.class), newInstance(type));
    }

    @SuppressWarnings("unchecked")
    private static <T> Supplier<T> newInstance(final Class<?> type)
    {
        return () -> (T)call(() -> type.getConstructor().newInstance());
    }

    private Object invoke(final String className, final String method, final Object... args) throws Exception
    {
        for (final Method m : loader.loadClass(className).getMethods())
        {
            if (m.getName().equals(method) && m.getParameterCount() == args.length)
            {
                try
                {
                    return m.invoke(null, args);
                }
                catch (final InvocationTargetException ex)
                {
                    throw (Exception)ex.getCause();
                }
            }
        }
        throw new NoSuchMethodException(className + "." + method);
    }

    private interface Call
    {
        Object run() throws Exception;
    }

    private static Object call(final Call call)
    {
        try
        {
            return call.run();
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
