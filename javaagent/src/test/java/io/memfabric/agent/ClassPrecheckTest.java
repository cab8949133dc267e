/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.agent;

import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassPrecheckTest
{
    private final ClassPrecheck precheck = new ClassPrecheck();
    private final ClassLoader loader = ClassPrecheckTest.class.getClassLoader();

    static final class InOurPackage
    {
        private int count;

        int next()
        {
            return ++count;
        }
    }

    @Test
    void aClassThatTouchesOnlyItsOwnFieldsAndTheJdkNeedsNoRewrite()
    {
        assertTrue(precheck.needsNoRewrite(bytes(fixtures.Plain.class), loader));
        assertTrue(precheck.needsNoRewrite(bytes(fixtures.PrecheckSamples.UsesOnlyTheJdk.class), loader));
        // A class of a package under io/memfabric/ names it, so it always gets the full look.
        assertFalse(precheck.needsNoRewrite(bytes(InOurPackage.class), loader));
    }

    @Test
    void monitorsWaitNotifyCloneAndSharingEachNeedALook()
    {
        assertFalse(precheck.needsNoRewrite(bytes(fixtures.PrecheckSamples.SynchronizedBlock.class), loader));
        assertFalse(precheck.needsNoRewrite(bytes(fixtures.PrecheckSamples.SynchronizedMethod.class), loader));
        assertFalse(precheck.needsNoRewrite(bytes(fixtures.PrecheckSamples.Waits.class), loader));
        assertFalse(precheck.needsNoRewrite(bytes(fixtures.PrecheckSamples.Clones.class), loader));
        assertFalse(precheck.needsNoRewrite(bytes(fixtures.PrecheckSamples.ReadsASharedField.class), loader));
        assertFalse(precheck.needsNoRewrite(bytes(fixtures.PrecheckSamples.ExtendsAShared.class), loader));
        assertFalse(precheck.needsNoRewrite(bytes(apps.model.AllTypes.class), loader));
    }

    @Test
    void aClassFileItCannotReadGetsTheFullLook()
    {
        assertFalse(precheck.needsNoRewrite(new byte[]{ 1, 2, 3 }, loader));
        final byte[] truncated = bytes(fixtures.Plain.class);
        assertFalse(precheck.needsNoRewrite(java.util.Arrays.copyOf(truncated, truncated.length / 2), loader));
    }

    // The property the agent relies on: every class of this module's tests (the programs the integration tests run
    // included) that the check lets pass is one the full rewrite leaves unchanged.
    @Test
    void everyClassItLetsPassIsOneTheFullRewriteLeavesUnchanged() throws IOException
    {
        final Path classes = Paths.get("target/test-classes");
        final List<Path> files;
        try (Stream<Path> walk = Files.walk(classes))
        {
            files = walk.filter(path -> path.toString().endsWith(".class")).toList();
        }
        final TypePool pool = TypePool.Default.of(loader);
        final List<String> passed = new ArrayList<>();
        int looked = 0;
        for (final Path file : files)
        {
            final byte[] classFile = Files.readAllBytes(file);
            if (precheck.needsNoRewrite(classFile, loader))
            {
                passed.add(file.toString());
                final ClassTransformation.Outcome outcome = ClassTransformation.rewrite(classFile, pool);
                assertTrue(outcome.bytes() == null, "the check let " + file + " pass, but the rewrite changes it");
                assertEquals(List.of(), outcome.errors(), file.toString());
            }
            else
            {
                looked++;
            }
        }
        // Most classes here use the API or monitors on purpose; this test's own plain classes pass.
        assertTrue(passed.size() >= 5, "classes let pass: " + passed);
        assertTrue(looked > 20, "classes looked at: " + looked);
    }

    private static byte[] bytes(final Class<?> type)
    {
        final String name = type.getName().substring(type.getPackageName().length() + 1) + ".class";
        try (InputStream in = type.getResourceAsStream(name))
        {
            return in.readAllBytes();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
