/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * The monitors of classes that declare roots (static {@code @Shared} fields). Their {@code static synchronized}
 * methods guard those roots, so locking the JVM-local {@code Class} object would lose updates between JVMs without a
 * word; instead the agent unfolds such methods into {@code synchronized (Foo.class)} blocks, and the monitor hooks
 * map {@code Foo.class} to a header of the fabric of this JVM ({@link FabricNode#classMonitor}), so the class's
 * monitor, and {@code wait}/{@code notify} on it, work like those of a shared object.
 * <p>
 * Whether a class declares roots is read from its structure (the agent gives each root a static cell field), not
 * from whether it was initialized, so a {@code synchronized (Foo.class)} block means the same before and after
 * {@code Foo} is initialized. The answer is cached per class.
 */
final class ClassMonitors
{
    private static final ClassValue<Boolean> DECLARES_ROOTS = new ClassValue<>()
    {
        protected Boolean computeValue(final Class<?> type)
        {
            try
            {
                for (final Field field : type.getDeclaredFields())
                {
                    if (Modifier.isStatic(field.getModifiers()) &&
                        field.getName().startsWith(RewriteContract.CELL_PREFIX))
                    {
                        return Boolean.TRUE;
                    }
                }
            }
            catch (final LinkageError | SecurityException ex)
            {
                // A class whose fields cannot even be listed was not rewritten by the agent: it has no roots.
            }
            return Boolean.FALSE;
        }
    };

    private ClassMonitors()
    {
    }

    /**
     * For entering, waiting and notifying: makes the header on first use.
     *
     * @param type a class used as a monitor.
     * @return the header of its monitor, or {@code null} if it locks in this JVM only.
     */
    static ObjectHeader headerOf(final Class<?> type)
    {
        if (!DECLARES_ROOTS.get(type))
        {
            return null;
        }
        final FabricNode node = JvmFabric.openedOrNull();
        return node == null ? null : node.classMonitor(type);
    }

    /**
     * For exiting, which must not throw: only a header that entering made.
     *
     * @param type a class used as a monitor.
     * @return the header of its monitor, or {@code null}.
     */
    static ObjectHeader knownHeaderOf(final Class<?> type)
    {
        if (!DECLARES_ROOTS.get(type))
        {
            return null;
        }
        final FabricNode node = JvmFabric.boundOrNull();
        return node == null ? null : node.knownClassMonitor(type);
    }
}
