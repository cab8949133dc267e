/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.agent;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.List;

/**
 * Rewrites the bytes of one class, without an agent: what the {@link FabricClassTransformer} does for each class the
 * JVM loads, and what the unit tests call on single classes.
 */
final class ClassTransformation
{
    private ClassTransformation()
    {
    }

    /**
     * @param classFile the class as loaded.
     * @param pool      resolves other classes (superclasses, field owners, field types) from their class files.
     * @return the outcome; its bytes are {@code null} when the class needs no change.
     */
    static Outcome rewrite(final byte[] classFile, final TypePool pool)
    {
        final ClassReader reader = new ClassReader(classFile);
        final TypePool withSelf = withClass(reader, classFile, pool);
        final SharedTypeModel model = new SharedTypeModel(withSelf);
        final TypeDescription type = withSelf.describe(reader.getClassName().replace('/', '.')).resolve();
        if (isAlreadyRewritten(type))
        {
            return new Outcome(null, ClassPlanSummary.NONE, List.of());
        }
        final ClassPlan plan = ClassPlan.of(model, type);
        final ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        final ClassRewriter rewriter = new ClassRewriter(writer, model, plan);
        reader.accept(rewriter, 0);
        final byte[] bytes = rewriter.changed() ? writer.toByteArray() : null;
        return new Outcome(bytes, new ClassPlanSummary(plan.isShareable(), plan.slots().size(), plan.roots().size()),
            plan.errors());
    }

    /**
     * Makes a class that can never be initialized: its static initializer first raises a
     * {@link io.memfabric.runtime.SharedClassError} with {@code message}. Used when rewriting failed, so a class is
     * never silently used unrewritten.
     *
     * @param classFile the class as loaded.
     * @param message   what went wrong and what to do.
     * @return the refused class.
     */
    static byte[] refuse(final byte[] classFile, final String message)
    {
        final ClassReader reader = new ClassReader(classFile);
        final ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer)
        {
            private boolean sawStaticInitializer;

            public MethodVisitor visitMethod(
                final int access, final String name, final String descriptor, final String signature,
                final String[] exceptions)
            {
                final MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (!name.equals("<clinit>") || mv == null)
                {
                    return mv;
                }
                sawStaticInitializer = true;
                return new MethodVisitor(Opcodes.ASM9, mv)
                {
                    public void visitCode()
                    {
                        super.visitCode();
                        raise(this.mv, message);
                    }
                };
            }

            public void visitEnd()
            {
                if (!sawStaticInitializer)
                {
                    final MethodVisitor mv = super.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
                    mv.visitCode();
                    raise(mv, message);
                    mv.visitInsn(Opcodes.RETURN);
                    mv.visitMaxs(0, 0);
                    mv.visitEnd();
                }
                super.visitEnd();
            }
        }, 0);
        return writer.toByteArray();
    }

    /**
     * Whether a class declares shared fields, without rewriting it: used for classes the configuration excludes.
     *
     * @param classFile the class as loaded.
     * @param pool      resolves other classes.
     * @return whether the class declares shared instance or static fields.
     */
    static boolean declaresSharedFields(final byte[] classFile, final TypePool pool)
    {
        final ClassReader reader = new ClassReader(classFile);
        final TypePool withSelf = withClass(reader, classFile, pool);
        final SharedTypeModel model = new SharedTypeModel(withSelf);
        final TypeDescription type = withSelf.describe(reader.getClassName().replace('/', '.')).resolve();
        return !model.sharedInstanceFields(type).isEmpty() || !model.sharedStaticFields(type).isEmpty();
    }

    // The class being loaded may have no class file the pool can find (generated classes), so the pool is asked
    // through a child that knows its bytes.
    private static TypePool withClass(final ClassReader reader, final byte[] classFile, final TypePool pool)
    {
        return new TypePool.Default(
            new TypePool.CacheProvider.Simple(),
            ClassFileLocator.Simple.of(reader.getClassName().replace('/', '.'), classFile),
            TypePool.Default.ReaderMode.FAST,
            pool);
    }

    private static void raise(final MethodVisitor mv, final String message)
    {
        mv.visitLdcInsn(message);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "io/memfabric/runtime/SharedClassError", "raise",
            "(Ljava/lang/String;)V", false);
    }

    private static boolean isAlreadyRewritten(final TypeDescription type)
    {
        for (final var field : type.getDeclaredFields())
        {
            if (ClassRewriter.isAlreadyRewritten(field.getName()))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * What a rewrite did to a class.
     *
     * @param bytes   the rewritten class, or {@code null} if it needed no change.
     * @param summary what the class is, for verbose output.
     * @param errors  why the class cannot be shared as written; the rewritten class raises them when initialized.
     */
    record Outcome(byte[] bytes, ClassPlanSummary summary, List<String> errors)
    {
    }

    /**
     * @param shareable whether instances can be shared.
     * @param slots     shared instance fields declared.
     * @param roots     roots declared.
     */
    record ClassPlanSummary(boolean shareable, int slots, int roots)
    {
        static final ClassPlanSummary NONE = new ClassPlanSummary(false, 0, 0);
    }
}
