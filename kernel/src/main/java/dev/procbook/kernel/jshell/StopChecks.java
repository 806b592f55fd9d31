package dev.procbook.kernel.jshell;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The places where an interrupt may end a cell's code: the start of each method of a cell's classes, and each jump
 * back (each turn of a loop). There each class calls {@code REPL.$Stop$.check()}, which runs the hook the kernel
 * sets while a stop is pending: {@link CellExecutionControl} throws {@code ThreadDeath} from it, unless the thread
 * is in a static initializer.
 *
 * <p>JShell from JDK 20 weaves calls of its own into the same places, but they throw in static initializers too, and
 * a class whose initializer threw is unusable for the rest of the session; JDK 17's JShell stops code with
 * {@code Thread.stop} wherever it runs, class initializers of the JDK included. Both are replaced by these checks.
 *
 * <p>{@code REPL.$Stop$} is declared with the cells' classes, so that a worker that runs cell code loads it as it
 * loads them; there no hook is set and each check does nothing.
 */
final class StopChecks {

    /** The binary name of the class whose {@code check()} the woven code calls. */
    static final String CHECK_CLASS = "REPL.$Stop$";
    private static final String OWNER = CHECK_CLASS.replace('.', '/');
    private static final String HOOK = "HOOK";
    /** JShell's own check (JDK 20 and later), which the woven classes no longer call. */
    private static final String JSHELL_OWNER = "REPL/$Cancel$";
    private static final String JSHELL_CHECK = "stopCheck";

    private StopChecks() {
    }

    /** Returns {@code classBytes} with a check at the start of each method and before each jump back. */
    static byte[] weave(byte[] classBytes) {
        ClassReader reader = new ClassReader(classBytes);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                return new Weaver(super.visitMethod(access, name, descriptor, signature, exceptions));
            }
        }, 0);
        return writer.toByteArray();
    }

    /**
     * The bytes of {@code REPL.$Stop$}: a final field {@code HOOK} holding an {@code AtomicReference<Runnable>}
     * (final, so that lib does not take it for a top-level variable to copy to workers), and {@code check()}, which
     * runs the hook if one is set.
     */
    static byte[] checkClass() {
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, OWNER, null,
                "java/lang/Object", null);
        String reference = "java/util/concurrent/atomic/AtomicReference";
        w.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL, HOOK, "L" + reference + ";",
                null, null).visitEnd();

        MethodVisitor init = w.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
        init.visitCode();
        init.visitTypeInsn(Opcodes.NEW, reference);
        init.visitInsn(Opcodes.DUP);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, reference, "<init>", "()V", false);
        init.visitFieldInsn(Opcodes.PUTSTATIC, OWNER, HOOK, "L" + reference + ";");
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();

        MethodVisitor check = w.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "check", "()V", null, null);
        Label none = new Label();
        check.visitCode();
        check.visitFieldInsn(Opcodes.GETSTATIC, OWNER, HOOK, "L" + reference + ";");
        check.visitMethodInsn(Opcodes.INVOKEVIRTUAL, reference, "get", "()Ljava/lang/Object;", false);
        check.visitInsn(Opcodes.DUP);
        check.visitJumpInsn(Opcodes.IFNULL, none);
        check.visitTypeInsn(Opcodes.CHECKCAST, "java/lang/Runnable");
        check.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/lang/Runnable", "run", "()V", true);
        check.visitInsn(Opcodes.RETURN);
        check.visitLabel(none);
        check.visitFrame(Opcodes.F_SAME1, 0, null, 1, new Object[] {"java/lang/Object"});
        check.visitInsn(Opcodes.POP);
        check.visitInsn(Opcodes.RETURN);
        check.visitMaxs(0, 0);
        check.visitEnd();

        w.visitEnd();
        return w.toByteArray();
    }

    /** The hook of {@code REPL.$Stop$} as defined by {@code loader}; the class is initialized if it was not. */
    @SuppressWarnings("unchecked")
    static AtomicReference<Runnable> hook(ClassLoader loader) {
        try {
            return (AtomicReference<Runnable>) Class.forName(CHECK_CLASS, true, loader).getField(HOOK).get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("stop checks unusable: class=" + CHECK_CLASS + ", cause=" + e, e);
        }
    }

    /** Adds the checks to one method, and drops JShell's own. */
    private static final class Weaver extends MethodVisitor {
        private final Set<Label> passed = new HashSet<>();

        Weaver(MethodVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            check();
        }

        @Override
        public void visitLabel(Label label) {
            super.visitLabel(label);
            passed.add(label);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            if (passed.contains(label)) {
                check();
            }
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean itf) {
            if (opcode == Opcodes.INVOKESTATIC && owner.equals(JSHELL_OWNER) && name.equals(JSHELL_CHECK)) {
                return; // woven by JShell where this weaver puts its own
            }
            super.visitMethodInsn(opcode, owner, name, descriptor, itf);
        }

        private void check() {
            super.visitMethodInsn(Opcodes.INVOKESTATIC, OWNER, "check", "()V", false);
        }
    }
}
