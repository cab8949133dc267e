/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.agent;

import io.memfabric.consensus.fault.TestFault;
import io.memfabric.runtime.RewriteContract;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.Arrays;

/**
 * Rewrites one class: the declaration side from its {@link ClassPlan} (shared instance fields become
 * {@code volatile}, the header and accessors are added, {@code synchronized} methods are unfolded) and every method
 * body through an {@link AccessRewriter}. Records whether anything changed, so an untouched class is left exactly as
 * it was loaded.
 */
final class ClassRewriter extends ClassVisitor
{
    private final SharedTypeModel model;
    private final ClassPlan plan;
    private int version;
    private boolean sawStaticInitializer;
    private boolean changed;
    private AccessorGenerator generator;

    ClassRewriter(final ClassVisitor next, final SharedTypeModel model, final ClassPlan plan)
    {
        super(Opcodes.ASM9, next);
        this.model = model;
        this.plan = plan;
        this.changed = plan.changesDeclaration();
    }

    /**
     * @return whether the rewritten class differs from the original.
     */
    boolean changed()
    {
        return changed;
    }

    public void visit(
        final int version,
        final int access,
        final String name,
        final String signature,
        final String superName,
        final String[] interfaces)
    {
        this.version = version;
        this.generator = new AccessorGenerator(cv, plan, version);
        String[] allInterfaces = interfaces;
        if (plan.declaresHeader())
        {
            allInterfaces = Arrays.copyOf(interfaces == null ? new String[0] : interfaces,
                interfaces == null ? 1 : interfaces.length + 1);
            allInterfaces[allInterfaces.length - 1] = AccessorGenerator.SHARED_INSTANCE;
        }
        super.visit(version, access, name, signature, superName, allInterfaces);
    }

    public FieldVisitor visitField(
        final int access, final String name, final String descriptor, final String signature, final Object value)
    {
        final ClassPlan.Slot slot = (access & Opcodes.ACC_STATIC) == 0 ? plan.slot(name) : null;
        final boolean strong = slot != null && !slot.isFinal && !TestFault.PLAIN_FIELDS.active();
        final int rewritten = strong ? access | Opcodes.ACC_VOLATILE : access;
        return super.visitField(rewritten, name, descriptor, signature, value);
    }

    public MethodVisitor visitMethod(
        final int access, final String name, final String descriptor, final String signature,
        final String[] exceptions)
    {
        final boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
        // Instance methods of shareable classes lock `this`; static methods of classes with roots lock the class,
        // which guards those roots across the fabric (MonitorHooks maps the Class to a fabric monitor).
        final boolean unfoldSynchronized = (access & Opcodes.ACC_SYNCHRONIZED) != 0 &&
            (access & (Opcodes.ACC_NATIVE | Opcodes.ACC_ABSTRACT)) == 0 &&
            (isStatic ? !plan.roots().isEmpty() : plan.isShareable());
        final int rewrittenAccess = unfoldSynchronized ? access & ~Opcodes.ACC_SYNCHRONIZED : access;
        final boolean isStaticInitializer = name.equals("<clinit>");
        MethodVisitor mv = super.visitMethod(rewrittenAccess, name, descriptor, signature, exceptions);
        if (mv == null)
        {
            return null;
        }
        mv = new AccessRewriter(mv, model, plan.internalName(), isStaticInitializer, plan.isShareable(),
            () -> changed = true);
        if (unfoldSynchronized)
        {
            changed = true;
            mv = new SynchronizedMethodRewriter(mv, plan.internalName(), isStatic, version);
        }
        if (isStaticInitializer)
        {
            sawStaticInitializer = true;
            if (plan.needsClinitPrefix())
            {
                mv = new MethodVisitor(Opcodes.ASM9, mv)
                {
                    public void visitCode()
                    {
                        super.visitCode();
                        generator.clinitPrefix(this.mv);
                    }
                };
            }
        }
        return mv;
    }

    public void visitEnd()
    {
        if (plan.needsClinitPrefix() && !sawStaticInitializer)
        {
            generator.generateClinit();
        }
        generator.generateMembers();
        super.visitEnd();
    }

    static boolean isAlreadyRewritten(final String fieldName)
    {
        return fieldName.equals(RewriteContract.HEADER_FIELD) || fieldName.equals(RewriteContract.SLOTS_FIELD);
    }
}
