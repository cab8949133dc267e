/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A cheap look at a class file, before any rewriting machinery is loaded: whether the class certainly needs no
 * rewriting. Most classes of a program that shares nothing pass it, so a JVM that shares nothing never loads Byte
 * Buddy's type pool or runs ASM over its classes. When in doubt it says "look closer", never "skip": a class it lets
 * pass is one the full rewrite would leave unchanged.
 * <p>
 * A class needs a closer look if its constant pool names anything of {@code io/memfabric/} (an annotation, the API);
 * calls {@code wait}, {@code notify}, {@code notifyAll} or {@code clone} on anything; has a {@code synchronized} method
 * or any byte of a method's code equal to {@code MONITORENTER} or {@code MONITOREXIT} (an operand byte of that value
 * only costs a closer look); extends a class outside the JDK that may be shareable; or accesses a field of such a
 * class. "May be shareable" is judged the same way from that class's own file, read through the loader as the type
 * pool would read it, up its superclasses; a class file that cannot be read may be shareable.
 */
final class ClassPrecheck
{
    private static final byte[] MEMFABRIC = "io/memfabric/".getBytes(StandardCharsets.US_ASCII);
    private static final String[] JDK_PACKAGES = { "java/", "javax/", "jdk/", "sun/", "com/sun/" };
    private static final int ACC_SYNCHRONIZED = 0x0020;
    private static final int MONITORENTER = 0xC2;
    private static final int MONITOREXIT = 0xC3;
    private static final int MAX_SUPERCLASS_DEPTH = 64;

    private final Map<ClassLoader, Map<String, Boolean>> mayBeShareable =
        Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * @param classFile the class as loaded.
     * @param loader    its defining loader, through which the classes it names are read.
     * @return {@code true} if the class certainly needs no rewriting; {@code false} if the full rewrite must look.
     */
    boolean needsNoRewrite(final byte[] classFile, final ClassLoader loader)
    {
        try
        {
            final Parsed parsed = Parsed.of(classFile, true);
            if (parsed == null || parsed.needsLook)
            {
                return false;
            }
            if (!isJdk(parsed.superName) && mayBeShareable(parsed.superName, loader, 0))
            {
                return false;
            }
            for (final String owner : parsed.fieldOwners)
            {
                if (!owner.equals(parsed.thisName) && !isJdk(owner) && mayBeShareable(owner, loader, 0))
                {
                    return false;
                }
            }
            return true;
        }
        catch (final RuntimeException ex)
        {
            // A malformed or unexpected class file: the full rewrite decides (and reports).
            return false;
        }
    }

    private boolean mayBeShareable(final String internalName, final ClassLoader loader, final int depth)
    {
        if (internalName == null || internalName.startsWith("[") || isJdk(internalName))
        {
            return false;
        }
        final Map<String, Boolean> known = mayBeShareable.computeIfAbsent(loader, l -> new ConcurrentHashMap<>());
        final Boolean cached = known.get(internalName);
        if (cached != null)
        {
            return cached;
        }
        boolean result = true;
        if (depth < MAX_SUPERCLASS_DEPTH)
        {
            final byte[] bytes = read(loader, internalName);
            final Parsed parsed = bytes == null ? null : Parsed.of(bytes, false);
            if (parsed != null && !parsed.mentionsMemfabric)
            {
                result = mayBeShareable(parsed.superName, loader, depth + 1);
            }
        }
        known.put(internalName, result);
        return result;
    }

    private static byte[] read(final ClassLoader loader, final String internalName)
    {
        try (InputStream in = loader.getResourceAsStream(internalName + ".class"))
        {
            return in == null ? null : in.readAllBytes();
        }
        catch (final IOException | RuntimeException ex)
        {
            return null;
        }
    }

    static boolean isJdk(final String internalName)
    {
        if (internalName == null)
        {
            return true;
        }
        for (final String prefix : JDK_PACKAGES)
        {
            if (internalName.startsWith(prefix))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * What the check needs of one class file.
     */
    static final class Parsed
    {
        String thisName;
        String superName;
        boolean mentionsMemfabric;
        // Set when a rule alone decides that the class needs a closer look.
        boolean needsLook;
        String[] fieldOwners = new String[0];

        /**
         * @param b    a class file.
         * @param full whether to look at fields, methods and code too (else the constant pool and superclass only).
         * @return what was found, or {@code null} if the file is not one this reader understands.
         */
        static Parsed of(final byte[] b, final boolean full)
        {
            if (b.length < 10 || u4(b, 0) != 0xCAFEBABEL)
            {
                return null;
            }
            final int count = u2(b, 8);
            final int[] offsets = new int[count];
            final byte[] tags = new byte[count];
            int p = 10;
            for (int i = 1; i < count; i++)
            {
                final int tag = b[p] & 0xFF;
                tags[i] = (byte)tag;
                offsets[i] = p + 1;
                switch (tag)
                {
                    case 1 -> p += 3 + u2(b, p + 1);
                    case 3, 4 -> p += 5;
                    case 5, 6 ->
                    {
                        p += 9;
                        i++;
                    }
                    case 7, 8, 16, 19, 20 -> p += 3;
                    case 15 -> p += 4;
                    case 9, 10, 11, 12, 17, 18 -> p += 5;
                    default ->
                    {
                        return null;
                    }
                }
            }
            final Parsed parsed = new Parsed();
            int fieldRefs = 0;
            for (int i = 1; i < count; i++)
            {
                if (tags[i] == 1 && contains(b, offsets[i] + 2, u2(b, offsets[i]), MEMFABRIC))
                {
                    parsed.mentionsMemfabric = true;
                }
                else if (tags[i] == 9)
                {
                    fieldRefs++;
                }
                else if (tags[i] == 10 || tags[i] == 11)
                {
                    final int nameAndType = u2(b, offsets[i] + 2);
                    final String name = utf8(b, offsets, u2(b, offsets[nameAndType]));
                    if (name.equals("wait") || name.equals("notify") || name.equals("notifyAll") ||
                        name.equals("clone"))
                    {
                        parsed.needsLook = true;
                    }
                }
            }
            parsed.needsLook |= parsed.mentionsMemfabric;
            final int access = p;
            parsed.thisName = className(b, offsets, u2(b, access + 2));
            final int superIndex = u2(b, access + 4);
            parsed.superName = superIndex == 0 ? null : className(b, offsets, superIndex);
            if (!full || parsed.needsLook)
            {
                return parsed;
            }
            parsed.fieldOwners = new String[fieldRefs];
            int next = 0;
            for (int i = 1; i < count; i++)
            {
                if (tags[i] == 9)
                {
                    parsed.fieldOwners[next++] = className(b, offsets, u2(b, offsets[i]));
                }
            }
            p = access + 6;
            p += 2 + 2 * u2(b, p);
            final int fields = u2(b, p);
            p += 2;
            for (int i = 0; i < fields; i++)
            {
                p = skipAttributes(b, p + 6);
            }
            final int methods = u2(b, p);
            p += 2;
            for (int i = 0; i < methods && !parsed.needsLook; i++)
            {
                if ((u2(b, p) & ACC_SYNCHRONIZED) != 0)
                {
                    parsed.needsLook = true;
                }
                final int attributes = u2(b, p + 6);
                p += 8;
                for (int a = 0; a < attributes; a++)
                {
                    final int length = (int)u4(b, p + 2);
                    if (utf8(b, offsets, u2(b, p)).equals("Code"))
                    {
                        final int codeLength = (int)u4(b, p + 10);
                        for (int c = p + 14, end = c + codeLength; c < end; c++)
                        {
                            final int op = b[c] & 0xFF;
                            if (op == MONITORENTER || op == MONITOREXIT)
                            {
                                parsed.needsLook = true;
                                break;
                            }
                        }
                    }
                    p += 6 + length;
                }
            }
            return parsed;
        }

        private static int skipAttributes(final byte[] b, final int at)
        {
            int p = at + 2;
            for (int a = 0, n = u2(b, at); a < n; a++)
            {
                p += 6 + (int)u4(b, p + 2);
            }
            return p;
        }

        private static String className(final byte[] b, final int[] offsets, final int classIndex)
        {
            return utf8(b, offsets, u2(b, offsets[classIndex]));
        }

        private static String utf8(final byte[] b, final int[] offsets, final int index)
        {
            final int at = offsets[index];
            return new String(b, at + 2, u2(b, at), StandardCharsets.UTF_8);
        }

        private static boolean contains(final byte[] b, final int from, final int length, final byte[] what)
        {
            for (int i = from, last = from + length - what.length; i <= last; i++)
            {
                int j = 0;
                while (j < what.length && b[i + j] == what[j])
                {
                    j++;
                }
                if (j == what.length)
                {
                    return true;
                }
            }
            return false;
        }

        private static int u2(final byte[] b, final int at)
        {
            return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
        }

        private static long u4(final byte[] b, final int at)
        {
            return ((long)(b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) |
                (b[at + 3] & 0xFF);
        }
    }
}
