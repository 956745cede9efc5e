package org.parallel4j.pool.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Single tasks that are serializable lambdas travel as a shape sent once per lambda expression
 * (capturing class, implementation method, types) plus, per task, only the captured values in
 * the connection's compact value encoding. The worker rebuilds the lambda through the capturing
 * class's own {@code $deserializeLambda$}, exactly as Java serialization would, without an
 * object stream per task.
 */
final class Lambdas {
    private static final ClassValue<Method> WRITE_REPLACE = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            try {
                Method m = type.getDeclaredMethod("writeReplace");
                m.setAccessible(true);
                return m;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
    };
    private static final ConcurrentHashMap<String, Method> DESERIALIZERS = new ConcurrentHashMap<>();

    private Lambdas() {
    }

    /** Where a lambda's code lives and what it implements: all of a SerializedLambda but the captured values. */
    record Shape(String capturingClass, String functionalInterfaceClass, String functionalInterfaceMethodName,
                 String functionalInterfaceMethodSignature, int implMethodKind, String implClass, String implMethodName,
                 String implMethodSignature, String instantiatedMethodType) implements Serializable {
    }

    /** A lambda task on its way: its shape's id and its captured values, already encoded. */
    record Call(int shapeId, byte[] capturedValues) {
    }

    /** A lambda task as decoded in the worker, before it is rebuilt. */
    record Ref(int shapeId, Object[] capturedValues) {
    }

    /** The serialized form of a serializable lambda, or null when {@code task} is not one. */
    static SerializedLambda serialized(Object task) {
        if (!(task instanceof Serializable) || !task.getClass().isHidden()) {
            return null;
        }
        Method m = WRITE_REPLACE.get(task.getClass());
        if (m == null) {
            return null;
        }
        try {
            return m.invoke(task) instanceof SerializedLambda sl ? sl : null;
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    static Shape shapeOf(SerializedLambda sl) {
        return new Shape(sl.getCapturingClass(), sl.getFunctionalInterfaceClass(), sl.getFunctionalInterfaceMethodName(),
                sl.getFunctionalInterfaceMethodSignature(), sl.getImplMethodKind(), sl.getImplClass(), sl.getImplMethodName(),
                sl.getImplMethodSignature(), sl.getInstantiatedMethodType());
    }

    /** The captured values in the connection's value encoding; a value that cannot be serialized throws. */
    static byte[] encodeCaptured(SerializedLambda sl) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(sl.getCapturedArgCount());
        for (int i = 0; i < sl.getCapturedArgCount(); i++) {
            Wire.writeValue(out, sl.getCapturedArg(i));
        }
        return bytes.toByteArray();
    }

    static Object[] decodeCaptured(byte[] bytes, ClassLoader loader) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        Object[] args = new Object[in.readInt()];
        for (int i = 0; i < args.length; i++) {
            args[i] = Wire.readValue(in, loader);
        }
        return args;
    }

    /** Rebuilds the lambda in this JVM through its capturing class's {@code $deserializeLambda$}. */
    static Object rebuild(Shape s, Object[] captured, ClassLoader loader) throws ReflectiveOperationException {
        Method deserialize = DESERIALIZERS.get(s.capturingClass());
        Class<?> capturing = Class.forName(s.capturingClass().replace('/', '.'), false, loader);
        if (deserialize == null) {
            deserialize = capturing.getDeclaredMethod("$deserializeLambda$", SerializedLambda.class);
            deserialize.setAccessible(true);
            DESERIALIZERS.put(s.capturingClass(), deserialize);
        }
        SerializedLambda sl = new SerializedLambda(capturing, s.functionalInterfaceClass(), s.functionalInterfaceMethodName(),
                s.functionalInterfaceMethodSignature(), s.implMethodKind(), s.implClass(), s.implMethodName(),
                s.implMethodSignature(), s.instantiatedMethodType(), captured);
        return deserialize.invoke(null, sl);
    }
}
