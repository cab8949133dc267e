/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.agent;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.ArrayList;
import java.util.List;

import static io.memfabric.agent.ClassRewriterTest.fieldInsns;
import static io.memfabric.agent.ClassRewriterTest.hookCalls;
import static io.memfabric.agent.ClassRewriterTest.method;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The use side of the rewrite: accesses, monitors and wait/notify in a class other than the one declaring the
 * shared fields.
 */
class AccessRewriterTest
{
    private final RewritingClassLoader loader = new RewritingClassLoader("fixtures.");

    @Test
    void readOfSharedFieldInAnotherClassCallsTheDeclaringClassAccessor() throws Exception
    {
        final MethodNode read = method(teller(), "read", "(Lfixtures/Account;)J");

        assertFalse(fieldInsns(read).contains("fixtures/Account.balance"));
        assertEquals(List.of("fixtures/Account.$mf$r$balance"), calls(read));
    }

    @Test
    void writeOfSharedFieldInAnotherClassCallsTheDeclaringClassAccessor() throws Exception
    {
        assertEquals(List.of("fixtures/Account.$mf$w$balance"),
            calls(method(teller(), "write", "(Lfixtures/Account;J)V")));
        assertEquals(List.of("fixtures/Account.$mf$w$next"),
            calls(method(teller(), "link", "(Lfixtures/Account;Lfixtures/Account;)V")));
    }

    @Test
    void unsharedFieldsAreLeftAsPlainFieldInstructions() throws Exception
    {
        final MethodNode touch = method(teller(), "touchLocal", "()J");

        assertEquals(List.of("fixtures/Teller.local", "fixtures/Teller.local"), fieldInsns(touch));
        assertTrue(calls(touch).isEmpty());
    }

    @Test
    void synchronizedBlocksCallTheHooksBeforeEveryMonitorInstruction() throws Exception
    {
        final MethodNode transfer = method(teller(), "transfer", "(Lfixtures/Account;Lfixtures/Account;J)V");

        final List<String> hooks = hookCalls(transfer);
        assertEquals(2, hooks.stream().filter("enter"::equals).count());
        assertEquals(countOpcode(transfer, org.objectweb.asm.Opcodes.MONITOREXIT),
            hooks.stream().filter("exit"::equals).count(), "an exit hook before every MONITOREXIT");
    }

    @Test
    void waitAndNotifyAllBecomeHookCalls() throws Exception
    {
        assertTrue(hookCalls(method(teller(), "awaitBalance", "(Lfixtures/Account;J)V")).contains("wait"));
        assertTrue(hookCalls(method(teller(), "depositAndNotify", "(Lfixtures/Account;J)V")).contains("notifyAll"));
    }

    @Test
    void staticRootAccessFromTheStaticInitializerInitializesAndElsewhereWrites() throws Exception
    {
        loader.loadClass("fixtures.Registry");
        final ClassNode registry = new ClassNode();
        new ClassReader(loader.outcome("fixtures.Registry").bytes()).accept(registry, 0);

        assertEquals(List.of("fixtures/Registry.$mf$r$hits", "fixtures/Registry.$mf$w$hits"),
            calls(method(registry, "bump", "()I")));
    }

    private ClassNode teller() throws ClassNotFoundException
    {
        loader.loadClass("fixtures.Teller");
        final ClassNode node = new ClassNode();
        new ClassReader(loader.outcome("fixtures.Teller").bytes()).accept(node, 0);
        return node;
    }

    private static List<String> calls(final MethodNode method)
    {
        final List<String> calls = new ArrayList<>();
        for (final AbstractInsnNode insn : method.instructions)
        {
            if (insn instanceof MethodInsnNode && ((MethodInsnNode)insn).name.startsWith("$mf$"))
            {
                calls.add(((MethodInsnNode)insn).owner + "." + ((MethodInsnNode)insn).name);
            }
        }
        return calls;
    }

    private static long countOpcode(final MethodNode method, final int opcode)
    {
        long count = 0;
        for (final AbstractInsnNode insn : method.instructions)
        {
            if (insn.getOpcode() == opcode)
            {
                count++;
            }
        }
        return count;
    }
}
