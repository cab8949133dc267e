/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.agent;

import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads the test fixtures through {@link ClassTransformation}, as the agent would, without an agent: each class
 * under the given package prefix is read from the test class path, rewritten, and defined here.
 */
final class RewritingClassLoader extends ClassLoader
{
    private final String prefix;
    private final TypePool pool;
    private final Map<String, ClassTransformation.Outcome> outcomes = new ConcurrentHashMap<>();

    RewritingClassLoader(final String prefix)
    {
        super(RewritingClassLoader.class.getClassLoader());
        this.prefix = prefix;
        this.pool = TypePool.Default.of(ClassFileLocator.ForClassLoader.of(getParent()));
    }

    static byte[] originalBytes(final String className)
    {
        try (InputStream in = RewritingClassLoader.class.getClassLoader()
            .getResourceAsStream(className.replace('.', '/') + ".class"))
        {
            if (in == null)
            {
                throw new IllegalArgumentException("no class file for " + className);
            }
            return in.readAllBytes();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    ClassTransformation.Outcome outcome(final String className)
    {
        return outcomes.get(className);
    }

    protected Class<?> loadClass(final String name, final boolean resolve) throws ClassNotFoundException
    {
        if (!name.startsWith(prefix))
        {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name))
        {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null)
            {
                final byte[] original = originalBytes(name);
                final ClassTransformation.Outcome outcome = ClassTransformation.rewrite(original, pool);
                outcomes.put(name, outcome);
                final byte[] bytes = outcome.bytes() != null ? outcome.bytes() : original;
                loaded = defineClass(name, bytes, 0, bytes.length);
            }
            if (resolve)
            {
                resolveClass(loaded);
            }
            return loaded;
        }
    }
}
