/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.agent;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Turns a {@code synchronized} instance method of a shareable class into a plain method whose body is a
 * {@code synchronized (this)} block, and a {@code static synchronized} method of a class with roots into one whose
 * body is a {@code synchronized (Owner.class)} block, so that locking goes through the same {@code MONITORENTER}
 * and {@code MONITOREXIT} (and so the same hooks) as a {@code synchronized} block. The caller strips
 * {@code ACC_SYNCHRONIZED} from the method's flags; this visitor adds the enter at the start, an exit before every
 * return, and a catch-all handler that exits and rethrows. The handler's exception-table entry is added last, so
 * the method's own handlers keep precedence.
 */
final class SynchronizedMethodRewriter extends MethodVisitor
{
    private final String owner;
    private final boolean isStatic;
    private final Label start = new Label();
    private final Label end = new Label();
    private final Label handler = new Label();
    private final Label handlerEnd = new Label();
    private final boolean frames;

    SynchronizedMethodRewriter(
        final MethodVisitor next, final String owner, final boolean isStatic, final int classVersion)
    {
        super(Opcodes.ASM9, next);
        this.owner = owner;
        this.isStatic = isStatic;
        this.frames = (classVersion & 0xFFFF) >= Opcodes.V1_6;
    }

    public void visitCode()
    {
        super.visitCode();
        loadMonitor();
        super.visitInsn(Opcodes.MONITORENTER);
        super.visitLabel(start);
    }

    public void visitInsn(final int opcode)
    {
        if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN)
        {
            loadMonitor();
            super.visitInsn(Opcodes.MONITOREXIT);
        }
        super.visitInsn(opcode);
    }

    public void visitMaxs(final int maxStack, final int maxLocals)
    {
        super.visitLabel(end);
        super.visitTryCatchBlock(start, end, handler, null);
        // As javac does for a synchronized block, the handler covers its own exit: an exception thrown by the exit
        // hook there (writes that could not be committed) still exits the JVM monitor.
        super.visitTryCatchBlock(handler, handlerEnd, handler, null);
        super.visitLabel(handler);
        if (frames)
        {
            final Object[] locals = isStatic ? new Object[0] : new Object[]{ owner };
            super.visitFrame(Opcodes.F_FULL, locals.length, locals, 1, new Object[]{ "java/lang/Throwable" });
        }
        loadMonitor();
        super.visitInsn(Opcodes.MONITOREXIT);
        super.visitLabel(handlerEnd);
        super.visitInsn(Opcodes.ATHROW);
        super.visitMaxs(maxStack, maxLocals);
    }

    private void loadMonitor()
    {
        if (isStatic)
        {
            super.visitLdcInsn(Type.getObjectType(owner));
        }
        else
        {
            super.visitVarInsn(Opcodes.ALOAD, 0);
        }
    }
}
