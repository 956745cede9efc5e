package org.parallel4j.mpi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The capabilities a test (or every test of a class) needs from the engine under test. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@ExtendWith(Requires.Condition.class)
@interface Requires {
    Capability[] value();

    /** Disables, with a visible reason, a test whose capabilities the engine lacks. */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            Requires r = context.getElement().map(e -> e.getAnnotation(Requires.class)).orElse(null);
            if (r == null) {
                return ConditionEvaluationResult.enabled("no capability required");
            }
            List<Capability> missing = Arrays.stream(r.value()).filter(c -> !Capability.ofEngine().contains(c)).toList();
            return missing.isEmpty() ? ConditionEvaluationResult.enabled("engine " + Capability.engine() + " has " + Arrays.toString(r.value()))
                    : ConditionEvaluationResult.disabled("engine '" + Capability.engine() + "' lacks " + missing);
        }
    }
}
