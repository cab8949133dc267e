/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.agent;

import io.memfabric.runtime.RewriteContract;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.CheckClassAdapter;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The declaration side of the rewrite, checked on the bytes of single classes.
 */
class ClassRewriterTest
{
    private final RewritingClassLoader loader = new RewritingClassLoader("fixtures.");

    @Test
    void sharedClassGainsHeaderInterfaceAndSlotListing() throws Exception
    {
        final ClassNode account = rewritten("fixtures.Account");

        assertTrue(account.interfaces.contains(AccessorGenerator.SHARED_INSTANCE));
        final FieldNode header = field(account, RewriteContract.HEADER_FIELD);
        assertNotNull(header);
        assertTrue((header.access & Opcodes.ACC_SYNTHETIC) != 0);
        assertEquals("balance J STRONG plain\nowner Ljava/lang/String; STRONG plain\n" +
            "next Lfixtures/Account; STRONG plain\nid J STRONG plain",
            field(account, RewriteContract.SLOTS_FIELD).value);
    }

    @Test
    void sharedFieldsBecomeVolatileButFinalAndTransientFieldsDoNot() throws Exception
    {
        final ClassNode account = rewritten("fixtures.Account");

        assertTrue((field(account, "balance").access & Opcodes.ACC_VOLATILE) != 0);
        assertTrue((field(account, "next").access & Opcodes.ACC_VOLATILE) != 0);
        assertEquals(0, field(account, "id").access & Opcodes.ACC_VOLATILE);
        assertEquals(0, field(account, "scratch").access & Opcodes.ACC_VOLATILE);
    }

    @Test
    void accessorsAreGeneratedForEveryWritableSharedField() throws Exception
    {
        final ClassNode account = rewritten("fixtures.Account");

        assertNotNull(method(account, "$mf$r$balance", "(Lfixtures/Account;)J"));
        assertNotNull(method(account, "$mf$w$balance", "(Lfixtures/Account;J)V"));
        assertNotNull(method(account, "$mf$w$next", "(Lfixtures/Account;Lfixtures/Account;)V"));
        assertNull(method(account, "$mf$w$id", "(Lfixtures/Account;J)V"), "final fields are never written later");
        assertNull(method(account, "$mf$r$scratch", "(Lfixtures/Account;)Ljava/lang/Object;"));
    }

    @Test
    void subclassInheritsHeaderAndNumbersItsSlotsAfterTheSuperclass() throws Exception
    {
        final ClassNode savings = rewritten("fixtures.SavingsAccount");

        assertNull(field(savings, RewriteContract.HEADER_FIELD), "the header lives in the top shareable class");
        assertFalse(savings.interfaces.contains(AccessorGenerator.SHARED_INSTANCE));
        assertEquals("rate D STRONG plain\nyears I STRONG plain", field(savings, RewriteContract.SLOTS_FIELD).value);
        final MethodNode writer = method(savings, "$mf$w$years", "(Lfixtures/SavingsAccount;I)V");
        assertTrue(pushesInt(writer, 5), "years is slot 5: Account has 4 slots (0-3), rate is 4");
    }

    @Test
    void fieldLevelSharingCoversOnlyTheAnnotatedField() throws Exception
    {
        final ClassNode counter = rewritten("fixtures.Counter");

        assertEquals("shared J STRONG plain", field(counter, RewriteContract.SLOTS_FIELD).value);
        assertEquals(0, field(counter, "local").access & Opcodes.ACC_VOLATILE);
    }

    @Test
    void synchronizedMethodsOfSharedClassesBecomeExplicitMonitorsWithHooks() throws Exception
    {
        final ClassNode account = rewritten("fixtures.Account");
        final MethodNode deposit = method(account, "deposit", "(J)V");

        assertEquals(0, deposit.access & Opcodes.ACC_SYNCHRONIZED);
        assertEquals(List.of("enter", "exit", "exit"), hookCalls(deposit),
            "enter at the start, exit before the return and in the catch-all handler");
        assertEquals(2, deposit.tryCatchBlocks.size(), "the body's catch-all, and the handler's own (as javac's)");
        assertNull(deposit.tryCatchBlocks.get(0).type);
        assertNull(deposit.tryCatchBlocks.get(1).type);
        assertSame(deposit.tryCatchBlocks.get(0).handler, deposit.tryCatchBlocks.get(1).start,
            "the handler covers its own exit: a throwing exit hook there still exits the JVM monitor");
        assertSame(deposit.tryCatchBlocks.get(0).handler, deposit.tryCatchBlocks.get(1).handler);
    }

    @Test
    void catchAllHandlerOfSynchronizedMethodComesAfterTheMethodsOwnHandlers() throws Exception
    {
        final MethodNode method = method(rewritten("fixtures.Account"), "depositCatchingInside",
            "(J)Ljava/lang/String;");

        assertEquals(3, method.tryCatchBlocks.size());
        assertEquals("java/lang/IllegalArgumentException", method.tryCatchBlocks.get(0).type);
        assertNull(method.tryCatchBlocks.get(1).type);
        assertNull(method.tryCatchBlocks.get(2).type);
    }

    @Test
    void staticSynchronizedMethodsOfAClassWithRootsBecomeBlocksOnTheClassWithHooks() throws Exception
    {
        final MethodNode count = method(rewritten("fixtures.Census"), "countSynchronized", "()J");

        assertEquals(0, count.access & Opcodes.ACC_SYNCHRONIZED);
        assertEquals(List.of("enter", "exit", "exit"), hookCalls(count));
        int classLiterals = 0;
        for (final AbstractInsnNode insn : count.instructions)
        {
            if (insn instanceof LdcInsnNode && Type.getObjectType("fixtures/Census").equals(((LdcInsnNode)insn).cst))
            {
                classLiterals++;
            }
        }
        assertEquals(3, classLiterals, "the monitor is Census.class at the enter and at both exits");
    }

    @Test
    void staticSynchronizedMethodsOfAClassWithoutRootsStaySynchronizedOnTheJvmLocalClass() throws Exception
    {
        final MethodNode next = method(rewritten("fixtures.Account"), "nextSerial", "()J");

        assertTrue((next.access & Opcodes.ACC_SYNCHRONIZED) != 0);
        assertEquals(List.of(), hookCalls(next));
    }

    @Test
    void cloneInAShareableClassIsWrappedInCloneHooks() throws Exception
    {
        final MethodNode copy = method(rewritten("fixtures.Account"), "copy", "()Lfixtures/Account;");

        final List<String> calls = new ArrayList<>();
        for (final AbstractInsnNode insn : copy.instructions)
        {
            if (insn instanceof MethodInsnNode)
            {
                final MethodInsnNode call = (MethodInsnNode)insn;
                calls.add(call.owner.substring(call.owner.lastIndexOf('/') + 1) + "." + call.name);
            }
        }
        assertEquals(List.of("CloneHooks.before", "Object.clone", "CloneHooks.after"), calls);
    }

    @Test
    void staticRootsGetCellsAndAStaticInitializerThatBindsThem() throws Exception
    {
        final ClassNode registry = rewritten("fixtures.Registry");

        assertNotNull(field(registry, RewriteContract.CELL_PREFIX + "main"));
        assertNotNull(method(registry, "$mf$r$main", "()Lfixtures/Account;"));
        assertNotNull(method(registry, "$mf$i$hits", "(I)V"));
        final MethodNode clinit = method(registry, "<clinit>", "()V");
        final List<String> calls = new ArrayList<>();
        for (final AbstractInsnNode insn : clinit.instructions)
        {
            if (insn instanceof MethodInsnNode)
            {
                calls.add(((MethodInsnNode)insn).name);
            }
        }
        assertEquals("bindStatic", calls.get(0));
        assertTrue(calls.contains("$mf$i$main"), "the field initializer only initializes the root: " + calls);
        assertTrue(calls.contains("$mf$i$hits"), calls.toString());
    }

    @Test
    void classWithoutSharedStateIsLeftByteForByte() throws Exception
    {
        final byte[] original = RewritingClassLoader.originalBytes("fixtures.Plain");
        final ClassTransformation.Outcome outcome = ClassTransformation.rewrite(original,
            net.bytebuddy.pool.TypePool.Default.ofSystemLoader());

        assertNull(outcome.bytes());
        assertTrue(outcome.errors().isEmpty());
        assertArrayEquals(RewritingClassLoader.originalBytes("fixtures.Plain"), original);
    }

    @Test
    void everyRewrittenClassPassesTheBytecodeVerifier() throws Exception
    {
        for (final String name : List.of("fixtures.Account", "fixtures.SavingsAccount", "fixtures.Counter",
            "fixtures.Teller", "fixtures.Registry", "fixtures.Census", "fixtures.bad.WithThread",
            "fixtures.bad.UnsharedReference"))
        {
            loader.loadClass(name);
            final byte[] bytes = loader.outcome(name).bytes();
            assertNotNull(bytes, name + " should have been rewritten");
            final StringWriter problems = new StringWriter();
            CheckClassAdapter.verify(new ClassReader(bytes), loader, false, new PrintWriter(problems));
            assertEquals("", problems.toString(), name);
        }
    }

    private ClassNode rewritten(final String name) throws ClassNotFoundException
    {
        loader.loadClass(name);
        final ClassNode node = new ClassNode();
        new ClassReader(loader.outcome(name).bytes()).accept(node, 0);
        return node;
    }

    static FieldNode field(final ClassNode node, final String name)
    {
        return node.fields.stream().filter(f -> f.name.equals(name)).findFirst().orElse(null);
    }

    static MethodNode method(final ClassNode node, final String name, final String descriptor)
    {
        return node.methods.stream().filter(m -> m.name.equals(name) && m.desc.equals(descriptor))
            .findFirst().orElse(null);
    }

    static List<String> hookCalls(final MethodNode method)
    {
        final List<String> calls = new ArrayList<>();
        for (final AbstractInsnNode insn : method.instructions)
        {
            if (insn instanceof MethodInsnNode && ((MethodInsnNode)insn).owner.equals("io/memfabric/runtime/MonitorHooks"))
            {
                calls.add(((MethodInsnNode)insn).name);
            }
        }
        return calls;
    }

    static List<String> fieldInsns(final MethodNode method)
    {
        final List<String> insns = new ArrayList<>();
        for (final AbstractInsnNode insn : method.instructions)
        {
            if (insn instanceof FieldInsnNode)
            {
                final FieldInsnNode f = (FieldInsnNode)insn;
                insns.add(f.owner + "." + f.name);
            }
        }
        return insns;
    }

    private static boolean pushesInt(final MethodNode method, final int value)
    {
        for (final AbstractInsnNode insn : method.instructions)
        {
            if (insn.getOpcode() == Opcodes.ICONST_0 + value)
            {
                return true;
            }
        }
        return false;
    }
}
