package dev.procbook.kernel.jshell;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites the class bytes of a cell so that calls to {@code System.exit}, {@code Runtime.exit} and
 * {@code Runtime.halt} (direct or as method references) go to {@link ExitGuard}.
 */
final class ExitCallRewriter {

    private static final String GUARD = ExitGuard.class.getName().replace('.', '/');

    private ExitCallRewriter() {
    }

    /** Returns the rewritten bytes, or the same array when the class makes no such call. */
    static byte[] rewrite(byte[] classBytes) {
        ClassReader reader = new ClassReader(classBytes);
        ClassWriter writer = new ClassWriter(reader, 0);
        boolean[] changed = {false};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
                return new ExitCallVisitor(next, changed);
            }
        }, 0);
        return changed[0] ? writer.toByteArray() : classBytes;
    }

    private static final class ExitCallVisitor extends MethodVisitor {
        private final boolean[] changed;

        ExitCallVisitor(MethodVisitor next, boolean[] changed) {
            super(Opcodes.ASM9, next);
            this.changed = changed;
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean itf) {
            String replacement = replacement(owner, name, descriptor);
            if (replacement == null) {
                super.visitMethodInsn(opcode, owner, name, descriptor, itf);
                return;
            }
            changed[0] = true;
            String guardDescriptor = owner.equals("java/lang/System") ? "(I)V" : "(Ljava/lang/Runtime;I)V";
            super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD, replacement, guardDescriptor, false);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... args) {
            for (int i = 0; i < args.length; i++) {
                if (args[i] instanceof Handle h) {
                    String replacement = replacement(h.getOwner(), h.getName(), h.getDesc());
                    if (replacement != null) {
                        changed[0] = true;
                        String desc = h.getOwner().equals("java/lang/System") ? "(I)V" : "(Ljava/lang/Runtime;I)V";
                        args[i] = new Handle(Opcodes.H_INVOKESTATIC, GUARD, replacement, desc, false);
                    }
                }
            }
            super.visitInvokeDynamicInsn(name, descriptor, bootstrap, args);
        }

        private static String replacement(String owner, String name, String descriptor) {
            if (!descriptor.equals("(I)V")) {
                return null;
            }
            if (owner.equals("java/lang/System") && name.equals("exit")) {
                return "exit";
            }
            if (owner.equals("java/lang/Runtime") && name.equals("exit")) {
                return "runtimeExit";
            }
            if (owner.equals("java/lang/Runtime") && name.equals("halt")) {
                return "runtimeHalt";
            }
            return null;
        }
    }
}
