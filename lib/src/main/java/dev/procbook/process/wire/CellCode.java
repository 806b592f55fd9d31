package dev.procbook.process.wire;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Finds the top-level variables that code from cells reads: the non-final static fields of cell classes (see
 * {@link CellClassLoader}) that a lambda's body, or any method of a cell object, reads directly or through the
 * methods, lambdas and classes of cells it uses, found by following the bytecode as cloudpickle follows a function's
 * globals.
 *
 * <p>Each class is read once, and what a root reads is remembered with the class, so a task sent again costs a
 * look-up. The answer errs on the side of more: a method of a class that the code instantiates counts as run.
 */
final class CellCode {

    private static final ClassValue<Boolean> CELL_CLASS = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return type.getClassLoader() instanceof CellClassLoader l && l.isCellClass(type.getName());
        }
    };

    private static final ClassValue<Facts> FACTS = new ClassValue<>() {
        @Override
        protected Facts computeValue(Class<?> type) {
            return Facts.read(type);
        }
    };

    private CellCode() {
    }

    /** Whether {@code type} was compiled from a cell. */
    static boolean isCellClass(Class<?> type) {
        return CELL_CLASS.get(type);
    }

    /**
     * What one encoding met that carries cell code: cell objects and lambdas implemented in cells; not thread-safe,
     * one per encoding.
     */
    static final class Roots {

        private Set<Field> fields = Set.of(); // made only when met: most encodings carry no cell code

        /** Notes {@code value}, an object being serialized, if it carries cell code. */
        void object(Object value) {
            if (value instanceof SerializedLambda lambda) {
                lambda(lambda);
            } else if (value != null && isCellClass(value.getClass())) {
                add(FACTS.get(value.getClass()).readsOfClass());
            }
        }

        private void lambda(SerializedLambda lambda) {
            Class<?> impl = resolve(lambda.getImplClass());
            if (impl != null && isCellClass(impl)) {
                add(FACTS.get(impl).readsOfMethod(lambda.getImplMethodName(), lambda.getImplMethodSignature()));
            }
        }

        private void add(Set<Field> reads) {
            if (reads.isEmpty()) {
                return;
            }
            if (fields.isEmpty()) {
                fields = new LinkedHashSet<>();
            }
            fields.addAll(reads);
        }

        /** The top-level variables read by what was noted, in the order met. */
        Set<Field> fields() {
            return fields;
        }

        boolean isEmpty() {
            return fields.isEmpty();
        }
    }

    private static Class<?> resolve(String internalName) {
        try {
            return UserClassLoaders.resolve(internalName.replace('/', '.'));
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /** A method of a class, by name and descriptor. */
    private record MethodRef(String owner, String name, String descriptor) {
    }

    /** What a method's bytecode refers to. */
    private static final class MethodBody {
        final boolean initializer;
        final List<String[]> staticReads = new ArrayList<>(); // {owner, name}
        final List<MethodRef> calls = new ArrayList<>();
        final List<MethodRef> lambdas = new ArrayList<>(); // method handles made: lambdas and method references
        final Set<String> touched = new HashSet<>(); // classes whose initializer may run
        final Set<String> created = new HashSet<>(); // classes instantiated: any of their methods may run

        MethodBody(boolean initializer) {
            this.initializer = initializer;
        }
    }

    /** One cell class read once: its methods' references, and what each root of it reads, remembered. */
    private static final class Facts {

        private final Class<?> type;
        private final String superName;
        private final String[] interfaces;
        private final Map<String, MethodBody> methods;
        private final Map<String, Set<Field>> readsOfMethod = new ConcurrentHashMap<>();
        private volatile Set<Field> readsOfClass;

        private Facts(Class<?> type, String superName, String[] interfaces, Map<String, MethodBody> methods) {
            this.type = type;
            this.superName = superName;
            this.interfaces = interfaces;
            this.methods = methods;
        }

        static Facts read(Class<?> type) {
            Map<String, MethodBody> methods = new HashMap<>();
            String[] header = new String[1];
            String[][] interfaces = {new String[0]};
            byte[] bytes = bytesOf(type);
            if (bytes == null) {
                return new Facts(type, null, interfaces[0], methods);
            }
            new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public void visit(int version, int access, String name, String signature, String superName,
                                  String[] ifaces) {
                    header[0] = superName;
                    interfaces[0] = ifaces == null ? new String[0] : ifaces;
                }

                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    MethodBody body = new MethodBody(name.equals("<clinit>"));
                    methods.put(name + descriptor, body);
                    return new BodyReader(body);
                }
            }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            return new Facts(type, header[0], interfaces[0], methods);
        }

        private static byte[] bytesOf(Class<?> type) {
            ClassLoader loader = type.getClassLoader();
            try (InputStream in = loader.getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
                return in == null ? null : in.readAllBytes();
            } catch (IOException e) {
                return null;
            }
        }

        Set<Field> readsOfMethod(String name, String descriptor) {
            return readsOfMethod.computeIfAbsent(name + descriptor,
                    key -> new Walk().fromMethod(new MethodRef(type.getName(), name, descriptor), type).fields);
        }

        Set<Field> readsOfClass() {
            Set<Field> reads = readsOfClass;
            if (reads == null) {
                Walk walk = new Walk();
                walk.fromClass(type);
                reads = readsOfClass = walk.fields;
            }
            return reads;
        }
    }

    /** Collects the reads of an instruction stream. */
    private static final class BodyReader extends MethodVisitor {
        private final MethodBody body;

        BodyReader(MethodBody body) {
            super(Opcodes.ASM9);
            this.body = body;
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            body.touched.add(owner);
            if (opcode == Opcodes.GETSTATIC) {
                body.staticReads.add(new String[] {owner, name});
            }
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            body.touched.add(owner);
            body.calls.add(new MethodRef(owner, name, descriptor));
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            if (opcode == Opcodes.NEW) {
                body.created.add(type);
            }
        }

        @Override
        public void visitLdcInsn(Object value) {
            constant(value);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... args) {
            for (Object arg : args) {
                constant(arg);
            }
        }

        private void constant(Object value) {
            if (value instanceof Handle h) {
                body.touched.add(h.getOwner());
                if (h.getTag() == Opcodes.H_GETSTATIC) {
                    body.staticReads.add(new String[] {h.getOwner(), h.getName()});
                } else if (h.getTag() >= Opcodes.H_INVOKEVIRTUAL) {
                    body.lambdas.add(new MethodRef(h.getOwner(), h.getName(), h.getDesc()));
                    if (h.getTag() == Opcodes.H_NEWINVOKESPECIAL) {
                        body.created.add(h.getOwner());
                    }
                }
            } else if (value instanceof Type t && t.getSort() == Type.OBJECT) {
                body.touched.add(t.getInternalName());
            }
        }
    }

    /** One walk over the methods reachable from a root, collecting the top-level variables they read. */
    private static final class Walk {
        final Set<Field> fields = new LinkedHashSet<>();
        private final Set<String> seenMethods = new HashSet<>();
        private final Set<Class<?>> seenClasses = new HashSet<>();
        private final Set<Class<?>> initialized = new HashSet<>();
        private final ArrayDeque<Object[]> work = new ArrayDeque<>(); // {Class, MethodBody}

        Walk fromMethod(MethodRef ref, Class<?> owner) {
            enqueueMethod(owner, ref.name(), ref.descriptor());
            drain();
            return this;
        }

        void fromClass(Class<?> type) {
            enqueueClass(type);
            drain();
        }

        private void drain() {
            while (!work.isEmpty()) {
                Object[] next = work.poll();
                Class<?> from = (Class<?>) next[0];
                MethodBody body = (MethodBody) next[1];
                for (String[] read : body.staticReads) {
                    Class<?> owner = load(read[0], from);
                    if (owner != null) {
                        Field f = staticField(owner, read[1]);
                        if (f != null) {
                            fields.add(f);
                        }
                    }
                }
                for (MethodRef call : body.calls) {
                    enqueueMethod(call, from);
                }
                // A lambda that a class initializer makes is kept in a static field: it is followed when that field
                // is read, as a value that carries cell code, not when the class is merely initialized.
                if (!body.initializer) {
                    for (MethodRef lambda : body.lambdas) {
                        enqueueMethod(lambda, from);
                    }
                }
                for (String name : body.created) {
                    Class<?> created = load(name, from);
                    if (created != null) {
                        enqueueClass(created);
                    }
                }
                for (String name : body.touched) {
                    Class<?> touched = load(name, from);
                    if (touched != null) {
                        enqueueInitializer(touched);
                    }
                }
            }
        }

        /** A class of a cell, loaded as {@code from} sees it; null for any other class. */
        private static Class<?> load(String internalName, Class<?> from) {
            if (internalName.startsWith("java/") || internalName.startsWith("[")) {
                return null;
            }
            try {
                Class<?> c = Class.forName(internalName.replace('/', '.'), false, from.getClassLoader());
                return isCellClass(c) ? c : null;
            } catch (ClassNotFoundException | LinkageError e) {
                return null;
            }
        }

        private void enqueueMethod(MethodRef ref, Class<?> from) {
            Class<?> owner = load(ref.owner(), from);
            if (owner != null) {
                enqueueMethod(owner, ref.name(), ref.descriptor());
            }
        }

        private void enqueueMethod(Class<?> owner, String name, String descriptor) {
            for (Class<?> c = owner; c != null && isCellClass(c); c = c.getSuperclass()) {
                Facts facts = FACTS.get(c);
                MethodBody body = facts.methods.get(name + descriptor);
                if (body != null) {
                    if (seenMethods.add(c.getName() + '.' + name + descriptor)) {
                        work.add(new Object[] {c, body});
                    }
                    enqueueInitializer(c);
                    return;
                }
                for (Class<?> i : c.getInterfaces()) {
                    if (isCellClass(i)) {
                        enqueueMethod(i, name, descriptor);
                    }
                }
            }
        }

        private void enqueueClass(Class<?> type) {
            for (Class<?> c = type; c != null && isCellClass(c) && seenClasses.add(c); c = c.getSuperclass()) {
                Facts facts = FACTS.get(c);
                for (Map.Entry<String, MethodBody> m : facts.methods.entrySet()) {
                    if (seenMethods.add(c.getName() + '.' + m.getKey())) {
                        work.add(new Object[] {c, m.getValue()});
                    }
                }
                for (Class<?> i : c.getInterfaces()) {
                    if (isCellClass(i)) {
                        enqueueClass(i);
                    }
                }
            }
        }

        private void enqueueInitializer(Class<?> type) {
            if (initialized.add(type)) {
                MethodBody clinit = FACTS.get(type).methods.get("<clinit>()V");
                if (clinit != null && seenMethods.add(type.getName() + ".<clinit>()V")) {
                    work.add(new Object[] {type, clinit});
                }
            }
        }

        /** The top-level variable {@code name} as seen from {@code owner}: a non-final static field of a cell class. */
        private static Field staticField(Class<?> owner, String name) {
            for (Class<?> c = owner; c != null && isCellClass(c); c = c.getSuperclass()) {
                try {
                    Field f = c.getDeclaredField(name);
                    int mod = f.getModifiers();
                    return Modifier.isStatic(mod) && !Modifier.isFinal(mod) ? f : null;
                } catch (NoSuchFieldException e) {
                    // declared further up
                } catch (LinkageError e) {
                    return null;
                }
            }
            return null;
        }
    }
}
