package org.parallel4j.mpi.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.MpiException;

/** Finding and calling a program's {@code main}, as {@code java} does, for every engine's {@code runMain}. */
public final class MainMethod {
    private MainMethod() {
    }

    /** The static {@code main(String[])} (or {@code main()}) of {@code mainClass} in {@code loader}, made accessible; an ARG error naming what is wrong. */
    public static Method find(ClassLoader loader, String mainClass) {
        Class<?> c;
        try {
            c = Class.forName(mainClass, true, loader);
        } catch (ClassNotFoundException e) {
            throw new MpiException(ErrorClass.ARG, "main class " + mainClass + " not found on the class path: check -cp and the name", e);
        }
        for (Class<?>[] params : List.of(new Class<?>[] {String[].class}, new Class<?>[0])) {
            try {
                Method m = c.getDeclaredMethod("main", params);
                if (Modifier.isStatic(m.getModifiers())) {
                    m.setAccessible(true);
                    return m;
                }
            } catch (NoSuchMethodException ignored) {
                // try the next form
            }
        }
        throw new MpiException(ErrorClass.ARG, "class " + mainClass + " has no static main(String[]) or main() method");
    }

    /** Calls {@code main} with a copy of {@code args}; what main throws is thrown as it is. */
    public static void invoke(Method main, String[] args) throws Exception {
        try {
            if (main.getParameterCount() == 1) {
                main.invoke(null, (Object) args.clone());
            } else {
                main.invoke(null);
            }
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw (Error) cause;
        }
    }
}
