/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.agent;

import io.memfabric.annotations.Consistency;
import io.memfabric.runtime.ObjectHeader;
import io.memfabric.runtime.RewriteContract;
import io.memfabric.runtime.RootCell;
import io.memfabric.runtime.SharedClassError;
import io.memfabric.runtime.SharedInstance;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Writes the members the agent adds to a class: the header field and its accessors, the slot listing, the static
 * accessors every rewritten access calls, and the static-initializer prefix that binds root cells. Each accessor is
 * a few instructions with the common case first, so the JIT inlines it into the caller.
 */
final class AccessorGenerator
{
    static final String HEADER = Type.getInternalName(ObjectHeader.class);
    static final String HEADER_DESC = Type.getDescriptor(ObjectHeader.class);
    static final String CELL = Type.getInternalName(RootCell.class);
    static final String CELL_DESC = Type.getDescriptor(RootCell.class);
    static final String SHARED_INSTANCE = Type.getInternalName(SharedInstance.class);
    private static final String ERROR = Type.getInternalName(SharedClassError.class);
    private static final int ACCESSOR = Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC;

    // memfabric.stats.reads: set once by the agent before it rewrites any class.
    private static volatile boolean countLocalReads;

    private final ClassVisitor cv;
    private final ClassPlan plan;
    private final boolean frames;

    AccessorGenerator(final ClassVisitor cv, final ClassPlan plan, final int classVersion)
    {
        this.cv = cv;
        this.plan = plan;
        this.frames = (classVersion & 0xFFFF) >= Opcodes.V1_6;
    }

    /**
     * @param count whether generated readers count each read served from the local copy
     *              ({@code memfabric.stats.reads}); applies to classes rewritten from now on.
     */
    static void countLocalReads(final boolean count)
    {
        countLocalReads = count;
    }

    /**
     * Adds everything the plan asks for, except the static-initializer prefix (see {@link #clinitPrefix}).
     */
    void generateMembers()
    {
        if (plan.declaresHeader())
        {
            cv.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_VOLATILE | Opcodes.ACC_TRANSIENT | Opcodes.ACC_SYNTHETIC,
                RewriteContract.HEADER_FIELD, HEADER_DESC, null, null).visitEnd();
            headerGetter();
            headerSetter();
        }
        if (!plan.slots().isEmpty())
        {
            cv.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL | Opcodes.ACC_SYNTHETIC,
                RewriteContract.SLOTS_FIELD, "Ljava/lang/String;", null, plan.slotListing()).visitEnd();
        }
        for (final ClassPlan.Slot slot : plan.slots())
        {
            if (!slot.isFinal)
            {
                instanceReader(slot);
                instanceWriter(slot);
            }
        }
        for (final ClassPlan.Root root : plan.roots())
        {
            cv.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL | Opcodes.ACC_SYNTHETIC,
                RewriteContract.CELL_PREFIX + root.name, CELL_DESC, null, null).visitEnd();
            staticReader(root);
            staticWriter(root, RewriteContract.WRITE_PREFIX, "set");
            staticWriter(root, RewriteContract.INIT_PREFIX, "init");
        }
    }

    /**
     * Emits, at the start of the static initializer: a {@link SharedClassError} if the class cannot be shared as
     * written (so it can never be initialized), then the binding of every root cell.
     *
     * @param mv the static initializer's visitor, right after {@code visitCode}.
     */
    void clinitPrefix(final MethodVisitor mv)
    {
        if (!plan.errors().isEmpty())
        {
            mv.visitLdcInsn(String.join(System.lineSeparator(), plan.errors()));
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, ERROR, "raise", "(Ljava/lang/String;)V", false);
        }
        for (final ClassPlan.Root root : plan.roots())
        {
            mv.visitLdcInsn(Type.getObjectType(plan.internalName()));
            mv.visitLdcInsn(root.name);
            mv.visitLdcInsn(root.descriptor);
            mv.visitLdcInsn(root.uri);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, CELL, "bindStatic",
                "(Ljava/lang/Class;Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;)" + CELL_DESC, false);
            mv.visitFieldInsn(Opcodes.PUTSTATIC, plan.internalName(), RewriteContract.CELL_PREFIX + root.name,
                CELL_DESC);
        }
    }

    /**
     * Adds a static initializer holding only the prefix, for a class that has none.
     */
    void generateClinit()
    {
        final MethodVisitor mv = cv.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
        mv.visitCode();
        clinitPrefix(mv);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private void headerGetter()
    {
        final MethodVisitor mv = cv.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNTHETIC,
            "$mf$header", "()" + HEADER_DESC, null, null);
        mv.visitCode();
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, plan.internalName(), RewriteContract.HEADER_FIELD, HEADER_DESC);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private void headerSetter()
    {
        final MethodVisitor mv = cv.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNTHETIC,
            "$mf$header", "(" + HEADER_DESC + ")V", null, null);
        mv.visitCode();
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitFieldInsn(Opcodes.PUTFIELD, plan.internalName(), RewriteContract.HEADER_FIELD, HEADER_DESC);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    // static T $mf$r$f(Owner o)
    // { ObjectHeader h = o.$mf$h;
    //   if (h != null && !h.readValid()) { Object v = h.read(o, slot); if (v != ObjectHeader.FIELD) return (T)v; }
    //   return o.f; }
    // read brings the local copy up to date and answers FIELD, or, in a transaction that wrote the field, its value.
    // A CAUSAL or EVENTUAL field tests h.replicaValid() instead: its copy stays readable whatever the leases.
    private void instanceReader(final ClassPlan.Slot slot)
    {
        final String valid = slot.consistency == Consistency.STRONG ? "readValid" : "replicaValid";
        final String owner = plan.internalName();
        final Type type = Type.getType(slot.descriptor);
        final MethodVisitor mv = cv.visitMethod(ACCESSOR, RewriteContract.READ_PREFIX + slot.name,
            "(L" + owner + ";)" + slot.descriptor, null, null);
        final Label local = new Label();
        mv.visitCode();
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, owner, RewriteContract.HEADER_FIELD, HEADER_DESC);
        mv.visitVarInsn(Opcodes.ASTORE, 1);
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitJumpInsn(Opcodes.IFNULL, local);
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        if (countLocalReads)
        {
            // if (!h.readValid()) h.refresh(o); else h.localRead();
            final Label copyValid = new Label();
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, HEADER, valid, "()Z", false);
            mv.visitJumpInsn(Opcodes.IFNE, copyValid);
            // Goes on to `local` when the field is to be read, and returns otherwise.
            slowRead(mv, slot, type, local);
            mv.visitLabel(copyValid);
            frame(mv, new Object[]{ owner, HEADER });
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, HEADER, "localRead", "()V", false);
        }
        else
        {
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, HEADER, valid, "()Z", false);
            mv.visitJumpInsn(Opcodes.IFNE, local);
            slowRead(mv, slot, type, local);
        }
        mv.visitLabel(local);
        frame(mv, new Object[]{ owner, HEADER });
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, owner, slot.name, slot.descriptor);
        mv.visitInsn(type.getOpcode(Opcodes.IRETURN));
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    // static void $mf$w$f(Owner o, T v)
    // { ObjectHeader h = o.$mf$h; if (h != null && !h.writeLocal() && !h.write(o, slot, box(v))) return; o.f = v; }
    // A reference to a shareable class skips the writeLocal() test: the write always publishes what it stores. So does
    // a CAUSAL or EVENTUAL field: its node stamps and sends every write (the embedded node answers true).
    private void instanceWriter(final ClassPlan.Slot slot)
    {
        final String owner = plan.internalName();
        final Type type = Type.getType(slot.descriptor);
        final int headerLocal = 1 + type.getSize();
        final MethodVisitor mv = cv.visitMethod(ACCESSOR, RewriteContract.WRITE_PREFIX + slot.name,
            "(L" + owner + ";" + slot.descriptor + ")V", null, null);
        final Label store = new Label();
        mv.visitCode();
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, owner, RewriteContract.HEADER_FIELD, HEADER_DESC);
        mv.visitVarInsn(Opcodes.ASTORE, headerLocal);
        mv.visitVarInsn(Opcodes.ALOAD, headerLocal);
        mv.visitJumpInsn(Opcodes.IFNULL, store);
        if (slot.holdsValues && slot.consistency == Consistency.STRONG)
        {
            mv.visitVarInsn(Opcodes.ALOAD, headerLocal);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, HEADER, "writeLocal", "()Z", false);
            mv.visitJumpInsn(Opcodes.IFNE, store);
        }
        mv.visitVarInsn(Opcodes.ALOAD, headerLocal);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        pushInt(mv, slot.index);
        mv.visitVarInsn(type.getOpcode(Opcodes.ILOAD), 1);
        box(mv, type);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, HEADER, "write",
            "(Ljava/lang/Object;ILjava/lang/Object;)Z", false);
        mv.visitJumpInsn(Opcodes.IFNE, store);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitLabel(store);
        frame(mv, new Object[]{ owner, frameType(type), HEADER });
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitVarInsn(type.getOpcode(Opcodes.ILOAD), 1);
        mv.visitFieldInsn(Opcodes.PUTFIELD, owner, slot.name, slot.descriptor);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    // static T $mf$r$f() { return $mf$c$f.getT(); }
    private void staticReader(final ClassPlan.Root root)
    {
        final Type type = Type.getType(root.descriptor);
        final String kind = cellKind(type);
        final MethodVisitor mv = cv.visitMethod(ACCESSOR, RewriteContract.READ_PREFIX + root.name,
            "()" + root.descriptor, null, null);
        mv.visitCode();
        mv.visitFieldInsn(Opcodes.GETSTATIC, plan.internalName(), RewriteContract.CELL_PREFIX + root.name, CELL_DESC);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, CELL, "get" + kind, "()" + cellDescriptor(type), false);
        if (isReference(type))
        {
            mv.visitTypeInsn(Opcodes.CHECKCAST, type.getInternalName());
        }
        mv.visitInsn(type.getOpcode(Opcodes.IRETURN));
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    // static void $mf$w$f(T v) { $mf$c$f.setT(v); }   and   static void $mf$i$f(T v) { $mf$c$f.initT(v); }
    private void staticWriter(final ClassPlan.Root root, final String prefix, final String verb)
    {
        final Type type = Type.getType(root.descriptor);
        final MethodVisitor mv = cv.visitMethod(ACCESSOR, prefix + root.name, "(" + root.descriptor + ")V", null, null);
        mv.visitCode();
        mv.visitFieldInsn(Opcodes.GETSTATIC, plan.internalName(), RewriteContract.CELL_PREFIX + root.name, CELL_DESC);
        mv.visitVarInsn(type.getOpcode(Opcodes.ILOAD), 0);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, CELL, verb + cellKind(type), "(" + cellDescriptor(type) + ")V",
            false);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private void frame(final MethodVisitor mv, final Object[] locals)
    {
        if (frames)
        {
            mv.visitFrame(Opcodes.F_FULL, locals.length, locals, 0, new Object[0]);
        }
    }

    private static boolean isReference(final Type type)
    {
        return type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY;
    }

    private static String cellKind(final Type type)
    {
        switch (type.getSort())
        {
            case Type.BOOLEAN: return "Boolean";
            case Type.BYTE: return "Byte";
            case Type.CHAR: return "Char";
            case Type.SHORT: return "Short";
            case Type.INT: return "Int";
            case Type.LONG: return "Long";
            case Type.FLOAT: return "Float";
            case Type.DOUBLE: return "Double";
            default: return "Ref";
        }
    }

    private static String cellDescriptor(final Type type)
    {
        return isReference(type) ? "Ljava/lang/Object;" : type.getDescriptor();
    }

    private static Object frameType(final Type type)
    {
        switch (type.getSort())
        {
            case Type.BOOLEAN:
            case Type.BYTE:
            case Type.CHAR:
            case Type.SHORT:
            case Type.INT:
                return Opcodes.INTEGER;
            case Type.LONG:
                return Opcodes.LONG;
            case Type.FLOAT:
                return Opcodes.FLOAT;
            case Type.DOUBLE:
                return Opcodes.DOUBLE;
            default:
                return type.getSort() == Type.ARRAY ? type.getDescriptor() : type.getInternalName();
        }
    }

    // Object v = h.read(o, slot); if (v != ObjectHeader.FIELD) return (T)v; and on to `local`, the field load.
    private static void slowRead(final MethodVisitor mv, final ClassPlan.Slot slot, final Type type, final Label local)
    {
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        pushInt(mv, slot.index);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, HEADER, "read", "(Ljava/lang/Object;I)Ljava/lang/Object;", false);
        mv.visitVarInsn(Opcodes.ASTORE, 2);
        mv.visitVarInsn(Opcodes.ALOAD, 2);
        mv.visitFieldInsn(Opcodes.GETSTATIC, HEADER, "FIELD", "Ljava/lang/Object;");
        mv.visitJumpInsn(Opcodes.IF_ACMPEQ, local);
        mv.visitVarInsn(Opcodes.ALOAD, 2);
        unbox(mv, type);
        mv.visitInsn(type.getOpcode(Opcodes.IRETURN));
    }

    private static void unbox(final MethodVisitor mv, final Type type)
    {
        if (isReference(type))
        {
            mv.visitTypeInsn(Opcodes.CHECKCAST, type.getSort() == Type.ARRAY ? type.getDescriptor() :
                type.getInternalName());
            return;
        }
        final String boxed;
        switch (type.getSort())
        {
            case Type.BOOLEAN: boxed = "java/lang/Boolean"; break;
            case Type.BYTE: boxed = "java/lang/Byte"; break;
            case Type.CHAR: boxed = "java/lang/Character"; break;
            case Type.SHORT: boxed = "java/lang/Short"; break;
            case Type.INT: boxed = "java/lang/Integer"; break;
            case Type.LONG: boxed = "java/lang/Long"; break;
            case Type.FLOAT: boxed = "java/lang/Float"; break;
            default: boxed = "java/lang/Double"; break;
        }
        mv.visitTypeInsn(Opcodes.CHECKCAST, boxed);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, boxed, type.getClassName() + "Value", "()" + type.getDescriptor(),
            false);
    }

    private static void box(final MethodVisitor mv, final Type type)
    {
        if (isReference(type))
        {
            return;
        }
        final Type boxed;
        switch (type.getSort())
        {
            case Type.BOOLEAN: boxed = Type.getType(Boolean.class); break;
            case Type.BYTE: boxed = Type.getType(Byte.class); break;
            case Type.CHAR: boxed = Type.getType(Character.class); break;
            case Type.SHORT: boxed = Type.getType(Short.class); break;
            case Type.INT: boxed = Type.getType(Integer.class); break;
            case Type.LONG: boxed = Type.getType(Long.class); break;
            case Type.FLOAT: boxed = Type.getType(Float.class); break;
            default: boxed = Type.getType(Double.class); break;
        }
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, boxed.getInternalName(), "valueOf",
            "(" + type.getDescriptor() + ")" + boxed.getDescriptor(), false);
    }

    private static void pushInt(final MethodVisitor mv, final int value)
    {
        if (value >= -1 && value <= 5)
        {
            mv.visitInsn(Opcodes.ICONST_0 + value);
        }
        else if (value <= Byte.MAX_VALUE)
        {
            mv.visitIntInsn(Opcodes.BIPUSH, value);
        }
        else if (value <= Short.MAX_VALUE)
        {
            mv.visitIntInsn(Opcodes.SIPUSH, value);
        }
        else
        {
            mv.visitLdcInsn(value);
        }
    }
}
