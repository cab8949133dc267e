/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.agent;

import io.memfabric.runtime.CloneHooks;
import io.memfabric.runtime.MonitorHooks;
import io.memfabric.runtime.RewriteContract;
import net.bytebuddy.description.field.FieldDescription;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Rewrites one method body of any application class:
 * <ul>
 *     <li>{@code GETFIELD}/{@code PUTFIELD}/{@code GETSTATIC}/{@code PUTSTATIC} of a shared field become calls of
 *     the static accessors generated in the field's declaring class; the stack effect is the same, so no frame
 *     changes. A {@code PUTSTATIC} of a root in its own class's static initializer calls the {@code $mf$i$}
 *     accessor, which only sets the root if the fabric does not hold it yet. Final instance fields are left alone:
 *     they are written once, before the object can be shared.</li>
 *     <li>{@code MONITORENTER}/{@code MONITOREXIT} get a call of {@link MonitorHooks} just before them, on a copy
 *     of the object; the JVM monitor itself stays, so locking stays balanced and the JIT still compiles the
 *     method.</li>
 *     <li>{@code wait}, {@code notify} and {@code notifyAll} become calls of {@link MonitorHooks}.</li>
 *     <li>In a shareable class, a {@code clone()} call (only code of the class's hierarchy can reach
 *     {@code Object.clone} on its instances) gets {@link CloneHooks#before} on the receiver and
 *     {@link CloneHooks#after} on the result, so the copy holds the original's latest values and is not shared.</li>
 * </ul>
 */
final class AccessRewriter extends MethodVisitor
{
    private static final String HOOKS = Type.getInternalName(MonitorHooks.class);
    private static final String CLONE_HOOKS = Type.getInternalName(CloneHooks.class);

    private final SharedTypeModel model;
    private final String className;
    private final boolean inStaticInitializer;
    private final boolean inShareableClass;
    private final Runnable onChange;

    AccessRewriter(
        final MethodVisitor next,
        final SharedTypeModel model,
        final String className,
        final boolean inStaticInitializer,
        final boolean inShareableClass,
        final Runnable onChange)
    {
        super(Opcodes.ASM9, next);
        this.model = model;
        this.className = className;
        this.inStaticInitializer = inStaticInitializer;
        this.inShareableClass = inShareableClass;
        this.onChange = onChange;
    }

    public void visitFieldInsn(final int opcode, final String owner, final String name, final String descriptor)
    {
        if (!name.startsWith(RewriteContract.PREFIX))
        {
            final boolean isStatic = opcode == Opcodes.GETSTATIC || opcode == Opcodes.PUTSTATIC;
            final FieldDescription.InDefinedShape field =
                model.resolveSharedField(owner, name, descriptor, isStatic);
            if (field != null && !field.isFinal())
            {
                final String declaring = field.getDeclaringType().getInternalName();
                onChange.run();
                switch (opcode)
                {
                    case Opcodes.GETFIELD:
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, declaring, RewriteContract.READ_PREFIX + name,
                            "(L" + declaring + ";)" + descriptor, false);
                        return;
                    case Opcodes.PUTFIELD:
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, declaring, RewriteContract.WRITE_PREFIX + name,
                            "(L" + declaring + ";" + descriptor + ")V", false);
                        return;
                    case Opcodes.GETSTATIC:
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, declaring, RewriteContract.READ_PREFIX + name,
                            "()" + descriptor, false);
                        return;
                    default:
                        final String prefix = inStaticInitializer && declaring.equals(className) ?
                            RewriteContract.INIT_PREFIX : RewriteContract.WRITE_PREFIX;
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, declaring, prefix + name,
                            "(" + descriptor + ")V", false);
                        return;
                }
            }
        }
        super.visitFieldInsn(opcode, owner, name, descriptor);
    }

    public void visitInsn(final int opcode)
    {
        if (opcode == Opcodes.MONITORENTER || opcode == Opcodes.MONITOREXIT)
        {
            onChange.run();
            super.visitInsn(Opcodes.DUP);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, opcode == Opcodes.MONITORENTER ? "enter" : "exit",
                "(Ljava/lang/Object;)V", false);
        }
        super.visitInsn(opcode);
    }

    public void visitMethodInsn(
        final int opcode, final String owner, final String name, final String descriptor, final boolean isInterface)
    {
        if (opcode != Opcodes.INVOKESTATIC && isMonitorMethod(name, descriptor))
        {
            onChange.run();
            super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, name, "(Ljava/lang/Object;" + descriptor.substring(1),
                false);
            return;
        }
        if (inShareableClass && isCloneCall(opcode, owner, name, descriptor))
        {
            onChange.run();
            super.visitInsn(Opcodes.DUP);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, CLONE_HOOKS, "before", "(Ljava/lang/Object;)V", false);
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            super.visitInsn(Opcodes.DUP);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, CLONE_HOOKS, "after", "(Ljava/lang/Object;)V", false);
            return;
        }
        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
    }

    // super.clone(), or clone() of an instance of a shareable class, whatever type a covariant override returns;
    // not the clone() of arrays or of other classes (a list this class keeps locally), which copy no header.
    private boolean isCloneCall(final int opcode, final String owner, final String name, final String descriptor)
    {
        if (!name.equals("clone") || !descriptor.startsWith("()L") || owner.charAt(0) == '[')
        {
            return false;
        }
        return opcode == Opcodes.INVOKESPECIAL ||
            opcode == Opcodes.INVOKEVIRTUAL && model.isShareable(model.describe(owner));
    }

    // Object's wait/notify/notifyAll are final, so a call with this name and descriptor can only be one of them.
    private static boolean isMonitorMethod(final String name, final String descriptor)
    {
        switch (name)
        {
            case "wait":
                return descriptor.equals("()V") || descriptor.equals("(J)V") || descriptor.equals("(JI)V");
            case "notify":
            case "notifyAll":
                return descriptor.equals("()V");
            default:
                return false;
        }
    }
}
